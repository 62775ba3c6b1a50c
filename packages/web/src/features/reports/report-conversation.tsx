import type { UseMutationResult } from '@tanstack/react-query';
import { Button, Checkbox, Form, Tag } from '@trussworks/react-uswds';
import { useState } from 'react';
import { ReportMessageCreate, type Report, type ReportMessage } from '@clearinghouse/shared';
import { FormProblems } from '../../app/form-errors';
import { formatDateTime } from '../../app/format';
import { checkParsed, useFormSubmission } from '../../app/use-form-submission';
import { Markdown } from '../../components/markdown';
import { EmptyState, LiveRegion, SuccessMessage } from '../../components/status-message';
import { MarkdownField } from './markdown-field';

function Message({ message }: { message: ReportMessage }) {
  const kind = message.internal
    ? 'internal'
    : message.authorKind === 'reporter'
      ? 'reporter'
      : 'clearinghouse';
  const kindLabel = message.authorKind === 'reporter' ? 'Reporter' : 'Clearinghouse';
  return (
    <li className={`report-message report-message--${kind}`}>
      <article aria-labelledby={`message-${message.id}-by`}>
        <header className="report-message__header">
          <h3 id={`message-${message.id}-by`} className="report-message__author">
            {message.author}
            {!message.internal && message.author !== kindLabel && (
              <span className="usa-sr-only">, {kindLabel.toLowerCase()}</span>
            )}
          </h3>{' '}
          {message.internal ? (
            <Tag className="internal-tag">Internal note, not shown to the reporter</Tag>
          ) : (
            message.author !== kindLabel && (
              <span className="text-base" aria-hidden="true">
                {kindLabel}
              </span>
            )
          )}{' '}
          <time className="text-base" dateTime={message.createdAt}>
            {formatDateTime(message.createdAt)}
          </time>
        </header>
        <Markdown>{message.body}</Markdown>
      </article>
    </li>
  );
}

type ReplyMutation = UseMutationResult<Report, Error, { body: string; internal?: boolean }>;

/**
 * The messages between the clearinghouse and the reporter, oldest first, and the form to write
 * one. Staff may write an internal note instead, which the reporter never sees.
 */
export function Conversation({
  report,
  reply,
  staff,
  idPrefix = 'reply',
}: {
  report: Report;
  reply: ReplyMutation;
  staff: boolean;
  idPrefix?: string;
}) {
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const fields = { body: { label: 'Message', id: `${idPrefix}-body` } };
  const { onSubmit, errors } = useFormSubmission(
    reply,
    () => {
      setSent(null);
      const parsed = ReportMessageCreate.safeParse({ body, internal: staff && internal });
      return checkParsed(parsed, { body: 'Write a message of up to 20,000 characters.' });
    },
    {
      onSuccess: (_report, variables) => {
        setBody('');
        setInternal(false);
        setSent(variables.internal ? 'Your internal note was added.' : 'Your message was sent.');
      },
    },
  );
  const closed = report.status === 'closed';

  return (
    <>
      {report.messages.length === 0 ? (
        <EmptyState title="No messages yet." />
      ) : (
        <ol className="report-messages">
          {report.messages.map((message) => (
            <Message key={message.id} message={message} />
          ))}
        </ol>
      )}
      <LiveRegion>{sent && <SuccessMessage>{sent}</SuccessMessage>}</LiveRegion>
      {closed ? (
        <p>The report is closed: it takes no more messages.</p>
      ) : (
        <>
          <FormProblems
            errors={errors}
            error={reply.error}
            fields={fields}
            heading="The message was not sent"
            headingLevel="h3"
          />
          <Form onSubmit={onSubmit} noValidate className="reply-form">
            <MarkdownField
              id={fields.body.id}
              label={staff ? 'Message' : 'Your message'}
              hint={
                staff
                  ? 'The reporter reads messages (and gets them by e-mail). Markdown works.'
                  : 'To the clearinghouse analysts. Markdown works.'
              }
              rows={6}
              value={body}
              error={errors.body}
              onChange={setBody}
            />
            {staff && (
              <Checkbox
                id={`${idPrefix}-internal`}
                name="internal"
                label="Internal note: only clearinghouse staff see it"
                checked={internal}
                onChange={(event) => {
                  setInternal(event.target.checked);
                }}
              />
            )}
            <Button type="submit" className="margin-top-2" disabled={reply.isPending}>
              {reply.isPending ? 'Sending…' : internal && staff ? 'Add internal note' : 'Send message'}
            </Button>
          </Form>
        </>
      )}
    </>
  );
}
