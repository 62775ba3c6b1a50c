import { Button, Form, Tag } from '@trussworks/react-uswds';
import { useState } from 'react';
import {
  PostCreate,
  PrivateThreadCreate,
  type Case,
  type CasePost,
  type CaseThread,
} from '@clearinghouse/shared';
import { PARTICIPANT_ROLE_LABELS } from './case-labels';
import {
  canParticipate,
  FocusedOutcome,
  isLive,
  participantName,
  useFocusOnMount,
  useFormToggle,
} from './case-ui';
import { useAddPost, useEditPost, useOpenPrivateThread, usePostRevisions, useThreads } from './cases.api';
import { FormProblems } from '../../app/form-errors';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { MarkdownField } from '../reports/markdown-field';
import { SelectField, TextField } from '../../components/form-fields';
import { Instant } from '../../components/instant';
import { Markdown } from '../../components/markdown';
import { QueryStates } from '../../components/query-states';
import { EmptyState, LiveRegion, Loading, SuccessMessage } from '../../components/status-message';
import { ErrorAlert } from '../../components/error-alert';
import { SubmitOrCancel } from '../../components/submit-or-cancel';

const BODY_MESSAGE = 'Write a message of up to 20,000 characters.';

/** The earlier texts of an edited post, loaded when asked for. */
function PostHistory({ routeId, post }: { routeId: string; post: CasePost }) {
  const revisions = usePostRevisions(routeId, post.id, true);
  const items = revisions.data?.items ?? [];
  return (
    <div id={`post-${post.id}-history`} className="post-history">
      {revisions.isPending && <Loading label="Loading earlier versions…" />}
      {revisions.isError && (
        <ErrorAlert error={revisions.error} heading="Could not load earlier versions" headingLevel="h5" />
      )}
      {revisions.isSuccess && items.length === 0 && <p>No earlier versions.</p>}
      {items.length > 0 && (
        <ol className="post-history__list">
          {items.map((r) => (
            <li key={r.revision}>
              <p className="text-bold margin-bottom-05">
                Revision {r.revision}, <Instant iso={r.createdAt} />
              </p>
              <Markdown>{r.body}</Markdown>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function EditPostForm({
  routeId,
  post,
  onSaved,
  onCancel,
}: {
  routeId: string;
  post: CasePost;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const edit = useEditPost(routeId);
  const [body, setBody] = useState(post.body);
  const fields = { body: { label: 'Message', id: `post-${post.id}-edit` } };
  const { onSubmit, errors } = useFormSubmission(
    edit,
    () => {
      const checked = checkParsed(PostCreate.safeParse({ body }), { body: BODY_MESSAGE });
      return checked.ok ? { ok: true, request: { postId: post.id, body: checked.request.body } } : checked;
    },
    { onSuccess: onSaved },
  );
  return (
    <>
      <FormProblems
        errors={errors}
        error={edit.error}
        fields={fields}
        heading="The edit was not saved"
        headingLevel="h5"
      />
      <Form onSubmit={onSubmit} noValidate className="reply-form">
        <MarkdownField
          id={fields.body.id}
          label="Edit your message"
          hint="The earlier text is kept: everyone who reads the thread can see it."
          rows={5}
          value={body}
          error={errors.body}
          onChange={setBody}
        />
        <SubmitOrCancel
          label="Save edit"
          pending={edit.isPending}
          spacing="margin-top-2"
          onCancel={onCancel}
        />
      </Form>
    </>
  );
}

function Post({ routeId, post }: { routeId: string; post: CasePost }) {
  const [historyOpen, setHistoryOpen] = useState(false);
  const form = useFormToggle<'edit'>();
  const [saved, setSaved] = useState(false);
  return (
    <li className="report-message case-post">
      <article aria-labelledby={`post-${post.id}-by`}>
        <header className="report-message__header">
          <h4 id={`post-${post.id}-by`} className="report-message__author">
            {post.author.name}
            {post.authorOrganization && <span className="text-normal">, {post.authorOrganization.name}</span>}
          </h4>
          <span className="text-base">
            <Instant iso={post.createdAt} />
          </span>
          {post.revision > 1 && (
            <span className="text-base">
              edited (revision {post.revision}){' '}
              <Button
                type="button"
                unstyled
                aria-expanded={historyOpen}
                aria-controls={`post-${post.id}-history`}
                aria-label={`${historyOpen ? 'Hide' : 'Show'} the history of ${post.author.name}’s message`}
                onClick={() => {
                  setHistoryOpen((open) => !open);
                }}
              >
                {historyOpen ? 'hide history' : 'history'}
              </Button>
            </span>
          )}
        </header>
        <LiveRegion>{saved && <SuccessMessage>Your edit is saved.</SuccessMessage>}</LiveRegion>
        {form.openKey === 'edit' ? (
          <EditPostForm
            routeId={routeId}
            post={post}
            onSaved={() => {
              form.done();
              setSaved(true);
            }}
            onCancel={form.cancel}
          />
        ) : (
          <>
            <Markdown>{post.body}</Markdown>
            {post.editable && (
              <Button
                ref={form.opener('edit')}
                type="button"
                unstyled
                onClick={() => {
                  setSaved(false);
                  form.show('edit');
                }}
              >
                Edit your message
              </Button>
            )}
          </>
        )}
        {historyOpen && <PostHistory routeId={routeId} post={post} />}
      </article>
    </li>
  );
}

function ReplyForm({ routeId, thread }: { routeId: string; thread: CaseThread }) {
  const add = useAddPost(routeId);
  const [body, setBody] = useState('');
  const [sent, setSent] = useState(false);
  const fields = { body: { label: 'Message', id: `thread-${thread.id}-reply` } };
  const { onSubmit, errors } = useFormSubmission(
    add,
    () => {
      setSent(false);
      const parsed = PostCreate.safeParse({ body });
      const checked = checkParsed(parsed, { body: BODY_MESSAGE });
      return checked.ok
        ? { ok: true, request: { threadId: thread.id, body: checked.request.body } }
        : checked;
    },
    {
      onSuccess: () => {
        setBody('');
        setSent(true);
      },
    },
  );
  return (
    <>
      <LiveRegion>{sent && <SuccessMessage>Your message is posted.</SuccessMessage>}</LiveRegion>
      <FormProblems
        errors={errors}
        error={add.error}
        fields={fields}
        heading="The message was not posted"
        headingLevel="h4"
      />
      <Form onSubmit={onSubmit} noValidate className="reply-form">
        <MarkdownField
          id={fields.body.id}
          label={`Reply in “${thread.title}”`}
          hint={
            thread.kind === 'private'
              ? 'Only the clearinghouse and this participant read it. Markdown works.'
              : 'Everyone taking part in the case reads it. Markdown works.'
          }
          rows={4}
          value={body}
          error={errors.body}
          onChange={setBody}
        />
        <Button type="submit" className="margin-top-2" disabled={add.isPending}>
          {add.isPending ? 'Posting…' : 'Post reply'}
        </Button>
      </Form>
    </>
  );
}

function PrivateThreadForm({
  c,
  routeId,
  onOpened,
  onCancel,
}: {
  c: Case;
  routeId: string;
  onOpened: (message: string) => void;
  onCancel: () => void;
}) {
  const open = useOpenPrivateThread(routeId);
  const candidates = c.participants.filter((p) => isLive(p) && p.role !== 'coordinator');
  const [participantId, setParticipantId] = useState(candidates[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const fields = {
    participantId: { label: 'Participant', id: 'private-thread-participant' },
    title: { label: 'Subject', id: 'private-thread-title' },
  };
  const { onSubmit, errors } = useFormSubmission(
    open,
    () =>
      checkParsed(PrivateThreadCreate.safeParse({ participantId, title }), {
        participantId: 'Choose the participant.',
        title: 'Give the thread a subject of up to 200 characters.',
      }),
    {
      onSuccess: () => {
        const who = candidates.find((p) => p.id === participantId);
        onOpened(
          `The private thread “${title.trim()}” with ${who ? participantName(who) : 'the participant'} is open.`,
        );
      },
    },
  );
  return (
    <section aria-labelledby="private-thread-heading" className="case-form">
      <h3 id="private-thread-heading" ref={headingRef} tabIndex={-1}>
        Open a private thread
      </h3>
      <FormProblems
        errors={errors}
        error={open.error}
        fields={fields}
        heading="The thread was not opened"
        headingLevel="h4"
      />
      {candidates.length === 0 ? (
        <p>There is no participant to write to yet.</p>
      ) : (
        <Form onSubmit={onSubmit} noValidate>
          <SelectField
            id={fields.participantId.id}
            label={fields.participantId.label}
            hint="Only the clearinghouse and this participant read the thread."
            value={participantId}
            error={errors.participantId}
            onChange={(event) => {
              setParticipantId(event.target.value);
            }}
          >
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {participantName(p)} ({PARTICIPANT_ROLE_LABELS[p.role]})
              </option>
            ))}
          </SelectField>
          <TextField
            id={fields.title.id}
            label={fields.title.label}
            value={title}
            maxLength={200}
            error={errors.title}
            onChange={(event) => {
              setTitle(event.target.value);
            }}
          />
          <SubmitOrCancel
            label="Open thread"
            pending={open.isPending}
            pendingLabel="Opening…"
            onCancel={onCancel}
          />
        </Form>
      )}
    </section>
  );
}

/** The case discussion and private threads: posts with their authors, edits kept as revisions. */
export function DiscussionSection({ c, routeId }: { c: Case; routeId: string }) {
  const threads = useThreads(routeId);
  const items = threads.data?.items ?? [];
  const form = useFormToggle<'private'>();
  const [outcome, setOutcome] = useState<string | null>(null);
  const participant = canParticipate(c);

  return (
    <section aria-labelledby="discussion-heading" id="discussion" className="case-section">
      <h2 id="discussion-heading">Discussion</h2>
      <FocusedOutcome message={outcome} />
      <QueryStates
        query={threads}
        loadingLabel="Loading the discussion…"
        errorHeading="Could not load the discussion"
        headingLevel="h3"
        isEmpty={items.length === 0}
        emptyTitle="No threads you can read."
      >
        {items.map((thread) => (
          <section key={thread.id} aria-labelledby={`thread-${thread.id}-heading`} className="case-thread">
            <h3 id={`thread-${thread.id}-heading`}>
              {thread.title}{' '}
              {thread.kind === 'private' && (
                <Tag className="internal-tag">
                  Private{thread.participant ? ` with ${thread.participant.name}` : ''}
                </Tag>
              )}
            </h3>
            {thread.posts.length === 0 ? (
              <EmptyState title="No messages yet." />
            ) : (
              <ol className="report-messages">
                {thread.posts.map((post) => (
                  <Post key={post.id} routeId={routeId} post={post} />
                ))}
              </ol>
            )}
            {participant && <ReplyForm routeId={routeId} thread={thread} />}
          </section>
        ))}
      </QueryStates>
      {!participant && <p className="text-base">Only coordinators and the case’s participants post here.</p>}
      {c.canCoordinate &&
        (form.openKey === 'private' ? (
          <PrivateThreadForm
            c={c}
            routeId={routeId}
            onOpened={(message) => {
              form.done();
              setOutcome(message);
            }}
            onCancel={form.cancel}
          />
        ) : (
          <Button
            ref={form.opener('private')}
            type="button"
            outline
            className="margin-top-3"
            onClick={() => {
              setOutcome(null);
              form.show('private');
            }}
          >
            Open a private thread
          </Button>
        ))}
    </section>
  );
}
