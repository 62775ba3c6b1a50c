import { Alert, AlertHeading, AlertText, Button, Form } from '@trussworks/react-uswds';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { AdvisoryContent, type Advisory, type AdvisoryUpdate } from '@clearinghouse/shared';
import './advisories.css';
import { useAdvisory, useLiveValidation, useSaveAdvisory } from './advisories.api';
import {
  AcknowledgmentsFields,
  AdvisoryReferencesFields,
  GeneralFields,
  ProductsFields,
  VulnerabilitiesFields,
  type Edit,
} from './advisory-editor-fields';
import { describePath, fieldId, fieldKeyOf } from './advisory-paths';
import { ValidationPanel } from './validation-panel';
import { WorkflowBar } from './workflow-bar';
import { isApiError } from '../../app/api';
import { FormProblems, type FieldKey, type FieldLabels } from '../../app/form-errors';
import { checkParsed, useFormSubmission, type FormCheck } from '../../app/use-form-submission';
import { FocusedOutcome } from '../cases/case-ui';
import { ErrorAlert } from '../../components/error-alert';
import { TextField } from '../../components/form-fields';
import { PageHeading } from '../../components/page-heading';
import { Loading } from '../../components/status-message';

/** Problems are shown at the field their whole path names (rows included). */
const contentFieldKey: FieldKey = (path) => fieldKeyOf(path);

/** How long typing must pause before the content is validated again. */
const VALIDATE_AFTER_MS = 600;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => {
      setDebounced(value);
    }, ms);
    return () => {
      clearTimeout(timer);
    };
  }, [value, ms]);
  return debounced;
}

function StaleRevision() {
  return (
    <Alert type="error" role="alert" className="margin-bottom-2">
      <AlertHeading level="h2">Someone else saved the advisory meanwhile</AlertHeading>
      <AlertText>
        Your changes were not saved. Copy what you need, reload the page to get the latest revision, and apply
        your changes again.
      </AlertText>
      <Button
        type="button"
        onClick={() => {
          window.location.reload();
        }}
      >
        Reload the page
      </Button>
    </Alert>
  );
}

function Editor({ a, routeId }: { a: Advisory; routeId: string }) {
  const save = useSaveAdvisory(routeId);
  const [content, setContent] = useState<AdvisoryContent>(a.content);
  const [summary, setSummary] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const edit: Edit = (change) => {
    setOutcome(null);
    setContent(change);
  };
  const dirty = JSON.stringify(content) !== JSON.stringify(a.content);
  const debounced = useDebounced(content, VALIDATE_AFTER_MS);
  const validation = useLiveValidation(a.id, debounced, a.status !== 'released' || dirty);

  const { onSubmit, errors } = useFormSubmission(
    save,
    (): FormCheck<AdvisoryUpdate> => {
      const checked = checkParsed(AdvisoryContent.safeParse(content), {}, {}, contentFieldKey);
      return checked.ok
        ? {
            ok: true,
            request: { content: checked.request, summary: summary.trim() || 'Edited', revision: a.revision },
          }
        : checked;
    },
    {
      onSuccess: (updated) => {
        setContent(updated.content);
        setSummary('');
        setOutcome(`Saved as revision ${updated.revision}.`);
      },
    },
    contentFieldKey,
  );
  const fields: FieldLabels = Object.fromEntries(
    Object.keys(errors).map((path) => [path, { label: describePath(path), id: fieldId(path) }]),
  );

  return (
    <div className="grid-row grid-gap-4">
      <div className="desktop:grid-col-8">
        <WorkflowBar a={a} routeId={routeId} dirty={dirty} />
        <FocusedOutcome message={outcome} />
        {isApiError(save.error, 'conflict') ? (
          <StaleRevision />
        ) : (
          <FormProblems
            errors={errors}
            error={save.error}
            fields={fields}
            heading="The advisory was not saved"
          />
        )}
        <Form onSubmit={onSubmit} noValidate large className="editor-form maxw-none">
          <GeneralFields content={content} edit={edit} errors={errors} />
          <ProductsFields content={content} edit={edit} errors={errors} />
          <VulnerabilitiesFields content={content} edit={edit} errors={errors} />
          <AdvisoryReferencesFields content={content} edit={edit} errors={errors} />
          <AcknowledgmentsFields content={content} edit={edit} errors={errors} />
          <section aria-labelledby="editor-save-heading" className="advisory-section">
            <h2 id="editor-save-heading">Save</h2>
            <TextField
              id="revision-summary"
              label="What changed"
              hint="A few words for the revision history, such as “Added the fixed version”."
              value={summary}
              maxLength={500}
              onChange={(event) => {
                setSummary(event.target.value);
              }}
            />
            <div className="button-row margin-top-3">
              <Button type="submit" disabled={save.isPending}>
                {save.isPending ? 'Saving…' : 'Save changes'}
              </Button>
              <Link className="usa-link" to={`/advisories/${a.id}`}>
                See it as readers will
              </Link>
            </div>
            {a.status !== 'draft' && (
              <p className="usa-hint">
                Saving changes returns the advisory to draft: it must be approved again before release.
              </p>
            )}
          </section>
        </Form>
      </div>
      <aside className="desktop:grid-col-4 editor-aside" aria-label="Validation results">
        <ValidationPanel query={validation} stale={debounced !== content} />
      </aside>
    </div>
  );
}

/** `/advisories/:id/edit`: the coordinators' editor, with live validation and the release steps. */
export function AdvisoryEditorPage() {
  const { id = '' } = useParams();
  const query = useAdvisory(id);

  if (!query.data) {
    return (
      <>
        <PageHeading title="Edit advisory" />
        {isApiError(query.error, 'not_found') ? (
          <p className="usa-intro">There is no advisory at this address, or it is not visible to you.</p>
        ) : query.isError ? (
          <ErrorAlert error={query.error} heading="Could not load the advisory" />
        ) : (
          <Loading label="Loading the advisory…" />
        )}
      </>
    );
  }
  const a = query.data;
  if (!a.canEdit) {
    return (
      <>
        <PageHeading title={`Edit ${a.ref}`} />
        <p className="usa-intro">Only clearinghouse coordinators edit advisories.</p>
        <p>
          <Link className="usa-link" to={`/advisories/${a.ref}`}>
            Read the advisory
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageHeading title={`Edit ${a.ref}`} />
      <p className="usa-intro">
        {a.content.title}
        {a.caseRef && a.caseId && (
          <>
            {' '}
            (from case{' '}
            <Link className="usa-link" to={`/cases/${a.caseId}`}>
              {a.caseRef}
            </Link>
            )
          </>
        )}
      </p>
      <Editor a={a} routeId={id} />
    </>
  );
}
