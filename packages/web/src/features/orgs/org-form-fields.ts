import { SECTORS_BY_LABEL } from '../../app/format';

/** Field ids and labels shared by the create and edit forms (ids are prefixed per form). */
export function orgFields(prefix: string) {
  return {
    name: { label: 'Name', id: `${prefix}-name` },
    kind: { label: 'Kind', id: `${prefix}-kind` },
    sectors: { label: 'Sectors', id: `${prefix}-sector-${SECTORS_BY_LABEL[0] ?? ''}` },
    website: { label: 'Website', id: `${prefix}-website` },
    contactEmail: { label: 'Contact email', id: `${prefix}-contact-email` },
    clientIds: { label: 'Declared clients', id: `${prefix}-clients` },
    verified: { label: 'Verified', id: `${prefix}-verified` },
  } as const;
}

/** Friendlier words than the contract's technical ones, for problems found before sending. */
export const ORG_FIELD_MESSAGES: Record<string, string> = {
  name: 'Enter a name of 2 to 200 characters.',
  kind: 'Choose the kind of organization.',
  website: 'Enter a web address that starts with https:// or http://.',
  contactEmail: 'Enter an email address, like security@example.com.',
};

/** Blank optional text fields are sent as null. */
export function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
