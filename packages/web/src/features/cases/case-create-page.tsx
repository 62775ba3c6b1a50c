import { useQueryClient } from '@tanstack/react-query';
import { Button, Fieldset, Form, FormGroup } from '@trussworks/react-uswds';
import { useState, type KeyboardEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CaseCreate, mostRestrictiveTlp, Report, Tlp, TLP_LABELS } from '@clearinghouse/shared';
import './cases.css';
import { useOpenCase } from './cases.api';
import { canOpenCases } from './open-case-link';
import { api, isApiError, segment } from '../../app/api';
import { FormProblems, type FieldKey, type FieldLabels } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { useSession } from '../auth/session';
import { MarkdownField } from '../reports/markdown-field';
import { STATUS_LABELS, TLP_EXPLANATIONS } from '../reports/report-labels';
import { StatusTag, TlpTag } from '../reports/report-tags';
import { reportKeys, useReport } from '../reports/reports.api';
import { ErrorAlert } from '../../components/error-alert';
import { FieldError, SelectField, TextField } from '../../components/form-fields';
import { PageHeading } from '../../components/page-heading';
import { LiveRegion, Loading } from '../../components/status-message';

/** A report the case will open from. */
interface ChosenReport {
  id: string;
  ref: string;
  title: string;
  tlp: Tlp;
}

function chosen(report: Report): ChosenReport {
  return { id: report.id, ref: report.ref, title: report.title, tlp: report.tlp };
}

/** Problems with one report of the list are shown on its row. */
const createFieldKey: FieldKey = (path) =>
  path[0] === 'reportIds' && path.length >= 2 ? `reportIds.${String(path[1])}` : String(path[0] ?? '');

const ADD_ID = 'case-create-add-report';

function CaseCreateForm({ initial }: { initial: ChosenReport | null }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const open = useOpenCase();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [summary, setSummary] = useState('');
  const [tlp, setTlp] = useState<string>(initial?.tlp ?? 'AMBER');
  const [reports, setReports] = useState<ChosenReport[]>(initial ? [initial] : []);
  const [addRef, setAddRef] = useState('');
  const [addProblem, setAddProblem] = useState<string | null>(null);
  const [looking, setLooking] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const chosenTlp = Tlp.safeParse(tlp);
  const effectiveTlp = chosenTlp.success
    ? mostRestrictiveTlp([chosenTlp.data, ...reports.map((r) => r.tlp)])
    : undefined;

  const fields: FieldLabels = {
    title: { label: 'Title', id: 'case-create-title' },
    summary: { label: 'Summary', id: 'case-create-summary' },
    tlp: { label: 'Sharing label (TLP)', id: 'case-create-tlp' },
    reportIds: { label: 'Reports', id: ADD_ID },
  };
  reports.forEach((r, index) => {
    fields[`reportIds.${String(index)}`] = { label: r.ref, id: `case-create-report-${r.id}` };
  });

  const { onSubmit, errors } = useFormSubmission(
    open,
    () =>
      checkParsed(
        CaseCreate.safeParse({ title, summary, tlp, reportIds: reports.map((r) => r.id) }),
        {
          title: 'Enter a title of 5 to 300 characters.',
          reportIds: 'Add at least one valid report (up to 50).',
        },
        {},
        createFieldKey,
      ),
    {
      onSuccess: (opened) => {
        void navigate(`/cases/${opened.id}`);
      },
    },
    createFieldKey,
  );

  const addReport = async () => {
    const wanted = addRef.trim();
    const problem = (message: string) => {
      setAddProblem(message);
      // The message is tied to the field: focus there so that it is read out.
      document.getElementById(ADD_ID)?.focus();
    };
    setAddProblem(null);
    setAdded(null);
    if (!wanted) {
      problem('Enter a report reference such as VR-2026-00042, or its id.');
      return;
    }
    setLooking(true);
    try {
      const report = await queryClient.query({
        queryKey: reportKeys.detail(wanted),
        queryFn: () => api.get(`/api/v1/reports/${segment(wanted)}`, Report),
      });
      if (reports.some((r) => r.id === report.id)) problem(`${report.ref} is already in the list.`);
      else if (report.status !== 'valid')
        problem(
          `${report.ref} is ${STATUS_LABELS[report.status].toLowerCase()}; only valid reports open a case.`,
        );
      else {
        setReports((list) => [...list, chosen(report)]);
        setAddRef('');
        setAdded(`${report.ref} is added.`);
      }
    } catch (error) {
      problem(
        isApiError(error, 'not_found')
          ? `There is no report ${wanted} that you can read.`
          : error instanceof Error
            ? error.message
            : 'The report could not be looked up.',
      );
    } finally {
      setLooking(false);
    }
  };

  const onAddKey = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter here adds the report; it does not open the case.
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void addReport();
  };

  return (
    <>
      <FormProblems errors={errors} error={open.error} fields={fields} heading="The case was not opened" />
      <Form onSubmit={onSubmit} noValidate large>
        <TextField
          id="case-create-title"
          label="Title"
          hint="What the case is about, for the vendors you will invite. It starts as the report’s title."
          value={title}
          maxLength={300}
          error={errors.title}
          onChange={(event) => {
            setTitle(event.target.value);
          }}
        />
        <MarkdownField
          id="case-create-summary"
          label="Summary"
          hint="Every participant reads it, vendors included: leave out what only the clearinghouse should know. Markdown works."
          rows={8}
          value={summary}
          error={errors.summary}
          onChange={setSummary}
        />
        <SelectField
          id="case-create-tlp"
          label="Sharing label (TLP)"
          hint={
            effectiveTlp
              ? `The case takes the most restrictive label of this and its reports: TLP:${effectiveTlp}. ${TLP_EXPLANATIONS[effectiveTlp]}`
              : undefined
          }
          value={tlp}
          error={errors.tlp}
          onChange={(event) => {
            setTlp(event.target.value);
          }}
        >
          {TLP_LABELS.map((label) => (
            <option key={label} value={label}>
              TLP:{label}
            </option>
          ))}
        </SelectField>

        <FormGroup error={Boolean(errors.reportIds)}>
          <Fieldset
            legend="Reports"
            className="margin-top-3"
            aria-describedby={
              errors.reportIds
                ? 'case-create-reports-hint case-create-reports-error'
                : 'case-create-reports-hint'
            }
          >
            <span className="usa-hint" id="case-create-reports-hint">
              Each valid report becomes a vulnerability of the case, with its validation; the reports’
              products are copied, the reporter joins, and the reports are accepted.
            </span>
            {reports.length === 0 ? (
              <p>No reports yet. Add at least one.</p>
            ) : (
              <ul className="report-list-editor">
                {reports.map((r, index) => {
                  const problem = errors[`reportIds.${String(index)}`];
                  return (
                    <li key={r.id} id={`case-create-report-${r.id}`} tabIndex={-1}>
                      <span className="display-block">
                        <Link className="usa-link" to={`/reports/${r.id}`}>
                          {r.ref}
                        </Link>{' '}
                        <TlpTag tlp={r.tlp} />
                      </span>
                      <span className="display-block">{r.title}</span>
                      {problem && <FieldError id={`case-create-report-${r.id}-error`}>{problem}</FieldError>}
                      <Button
                        type="button"
                        unstyled
                        aria-label={`Remove ${r.ref} from the case`}
                        onClick={() => {
                          setReports((list) => list.filter((x) => x.id !== r.id));
                          document.getElementById(ADD_ID)?.focus();
                        }}
                      >
                        Remove
                      </Button>
                    </li>
                  );
                })}
              </ul>
            )}
            {errors.reportIds && <FieldError id="case-create-reports-error">{errors.reportIds}</FieldError>}
            <LiveRegion className="usa-sr-only">{added}</LiveRegion>
            <div className="filter-row">
              <div className="filter-field filter-field--wide">
                <TextField
                  id={ADD_ID}
                  label="Add another valid report"
                  hint="Its reference, such as VR-2026-00042, or its id"
                  value={addRef}
                  maxLength={64}
                  spellCheck={false}
                  autoComplete="off"
                  error={addProblem ?? undefined}
                  onKeyDown={onAddKey}
                  onChange={(event) => {
                    setAddRef(event.target.value);
                  }}
                />
              </div>
              <div className="filter-actions">
                <Button
                  type="button"
                  outline
                  disabled={looking || reports.length >= 50}
                  onClick={() => {
                    void addReport();
                  }}
                >
                  {looking ? 'Looking it up…' : 'Add report'}
                </Button>
              </div>
            </div>
          </Fieldset>
        </FormGroup>

        <Button type="submit" className="margin-top-4" disabled={open.isPending}>
          {open.isPending ? 'Opening…' : 'Open the case'}
        </Button>
      </Form>
    </>
  );
}

/** The form, started from the report named in the address once it has loaded. */
function FromReport({ reportId }: { reportId: string }) {
  const initial = useReport(reportId);
  if (initial.isPending) return <Loading label="Loading the report…" />;
  if (initial.isError)
    return (
      <>
        <ErrorAlert
          error={initial.error}
          heading={
            isApiError(initial.error, 'not_found') ? 'That report was not found' : 'Could not load the report'
          }
        />
        <CaseCreateForm initial={null} />
      </>
    );
  if (initial.data.status !== 'valid')
    return (
      <>
        <p>
          <Link className="usa-link" to={`/reports/${initial.data.id}`}>
            {initial.data.ref}
          </Link>{' '}
          is <StatusTag status={initial.data.status} />: only valid reports open a case. Add valid reports
          below.
        </p>
        <CaseCreateForm initial={null} />
      </>
    );
  return <CaseCreateForm initial={chosen(initial.data)} />;
}

/** `/cases/new?report=<id>`: a coordinator opens a case from valid reports. */
export function CaseCreatePage() {
  const me = useSession();
  const [params] = useSearchParams();
  const reportId = params.get('report') ?? '';

  return (
    <>
      <PageHeading title="Open a case" />
      <p className="usa-intro">
        A case coordinates the disclosure of one or more vulnerabilities with the vendors concerned. Once it
        is open, invite the vendors, agree an embargo and collect their statements.
      </p>
      {!canOpenCases(me) ? (
        <p>
          Only clearinghouse coordinators open cases.{' '}
          <Link className="usa-link" to="/cases">
            Back to Cases
          </Link>
        </p>
      ) : reportId ? (
        <FromReport key={reportId} reportId={reportId} />
      ) : (
        <CaseCreateForm initial={null} />
      )}
    </>
  );
}
