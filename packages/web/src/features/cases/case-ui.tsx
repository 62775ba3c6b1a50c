import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Case, CaseParticipant, Me } from '@clearinghouse/shared';
import type { HeadingLevel } from '@trussworks/react-uswds';
import { fieldErrorsFromApi, FormProblems, type FieldLabels } from '../../app/form-errors';
import { LiveRegion, SuccessMessage } from '../../components/status-message';

/** A participant still in the case: invited or taking part. */
export function isLive(participant: CaseParticipant): boolean {
  return participant.status === 'invited' || participant.status === 'active';
}

function isMember(me: Me, organizationId: string | undefined): boolean {
  return organizationId !== undefined && me.memberships.some((m) => m.organization.id === organizationId);
}

/** The organizations through which the signed-in user takes part as a vendor (invited or active). */
export function myVendorParticipations(c: Case, me: Me): CaseParticipant[] {
  return c.participants.filter((p) => p.role === 'vendor' && isLive(p) && isMember(me, p.organization?.id));
}

/** Invitations the signed-in user's organizations have yet to answer. */
export function myInvitations(c: Case, me: Me): CaseParticipant[] {
  return c.participants.filter((p) => p.status === 'invited' && isMember(me, p.organization?.id));
}

/** Whether the signed-in user may post and share files: coordinators and participants. */
export function canParticipate(c: Case): boolean {
  return c.myRole !== null;
}

/** "Acme Medical" or the person's name: who a participant is, in a word. */
export function participantName(p: CaseParticipant): string {
  return p.organization?.name ?? p.user?.name ?? 'Unknown participant';
}

/**
 * A confirmation that takes focus when it appears (the form that led to it has just closed), and
 * is announced politely.
 */
export function FocusedOutcome({ message }: { message: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  return (
    <LiveRegion>
      {message && (
        <div ref={ref} tabIndex={-1}>
          <SuccessMessage>{message}</SuccessMessage>
        </div>
      )}
    </LiveRegion>
  );
}

/**
 * A form opened by a button: when it is cancelled, focus goes back to that button. Open it with
 * `show(key)` (a row's id, or "new"); its opener registers with `opener(key)`.
 */
export function useFormToggle<K extends string = string>() {
  const [openKey, setOpenKey] = useState<K | null>(null);
  const openers = useRef(new Map<K, HTMLButtonElement>());
  const returnTo = useRef<K | null>(null);

  useEffect(() => {
    if (openKey === null && returnTo.current !== null) openers.current.get(returnTo.current)?.focus();
    returnTo.current = null;
  }, [openKey]);

  return {
    openKey,
    show: (key: K) => {
      setOpenKey(key);
    },
    /** Closed without saving: focus returns to the button that opened it. */
    cancel: () => {
      returnTo.current = openKey;
      setOpenKey(null);
    },
    /** Closed after saving: whoever shows the outcome takes focus. */
    done: () => {
      setOpenKey(null);
    },
    opener: (key: K) => (element: HTMLButtonElement | null) => {
      if (element) openers.current.set(key, element);
      else openers.current.delete(key);
    },
  };
}

/** Focus a form's heading when the form appears. */
export function useFocusOnMount<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

/**
 * What went wrong with an action that is not a form of its own (a button on a row): the
 * server's message, and every detail it gave, named by `fields` where the page knows them.
 */
export function ActionProblems({
  error,
  heading,
  headingLevel,
  fields = {},
}: {
  error: unknown;
  heading: string;
  headingLevel: HeadingLevel;
  fields?: FieldLabels;
}) {
  if (!error) return null;
  return (
    <FormProblems
      errors={fieldErrorsFromApi(error)}
      error={error}
      fields={fields}
      heading={heading}
      headingLevel={headingLevel}
    />
  );
}
