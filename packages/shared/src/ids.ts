/**
 * Prefixed, time-sortable identifiers (`usr_01J…`). The prefix tells a human what an id
 * names; the brand stops a user id being passed where an organization id is expected.
 */
export const ID_PREFIXES = {
  user: 'usr',
  organization: 'org',
  membership: 'mem',
  session: 'ses',
  apiToken: 'tok',
  invitation: 'inv',
  auditEvent: 'aud',
  job: 'job',
  recoveryCode: 'rcv',
  loginAttempt: 'att',
  passwordReset: 'pwr',
  report: 'rpt',
  reportProduct: 'rpp',
  reportMessage: 'rpm',
  reportValidation: 'val',
  attachment: 'fil',
  case: 'case',
  caseVulnerability: 'vul',
  caseParticipant: 'par',
  vendorStatement: 'stm',
  embargo: 'emb',
  thread: 'thr',
  post: 'pst',
  notification: 'ntf',
  vendorProduct: 'vpr',
  advisory: 'adv',
  csafDocument: 'doc',
  importedDocument: 'imp',
  inventory: 'ivt',
  inventoryUpload: 'upl',
  component: 'cmp',
  exposure: 'exp',
  exposureEvent: 'exe',
  suppression: 'sup',
  subscription: 'sub',
  webhookEndpoint: 'whk',
  webhookDelivery: 'dlv',
  digestEntry: 'dge',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;
export type Id<K extends IdKind> = string & { readonly __brand: K };

export type UserId = Id<'user'>;
export type OrganizationId = Id<'organization'>;
export type ApiTokenId = Id<'apiToken'>;
export type InvitationId = Id<'invitation'>;
export type AuditEventId = Id<'auditEvent'>;
export type JobId = Id<'job'>;

const ID_BODY = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isIdOf(kind: IdKind, value: string): boolean {
  const prefix = `${ID_PREFIXES[kind]}_`;
  return value.startsWith(prefix) && ID_BODY.test(value.slice(prefix.length));
}
