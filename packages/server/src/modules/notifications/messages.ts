import {
  mostRestrictiveTlp,
  type ExposureNotice,
  type SubscriptionFilters,
  type Tlp,
} from '@clearinghouse/shared';

/**
 * Pure parts of notifying: which notices a subscription wants, and the words of each message.
 * Every message names its TLP label — the subject's `[TLP:…]` prefix and a first body line.
 */

const SSVC_RANK: Record<string, number> = { track: 0, track_star: 0, attend: 1, act: 2 };

export function matchesFilters(notice: ExposureNotice, filters: SubscriptionFilters): boolean {
  const v = notice.vulnerability;
  if (filters.exploitedOnly && !v.exploited) return false;
  // Known exploitation outranks every SSVC decision (it is the first priority tier).
  if (filters.minSsvc !== null && !v.exploited) {
    if (v.ssvcDecision === null) return false;
    if ((SSVC_RANK[v.ssvcDecision] ?? -1) < (SSVC_RANK[filters.minSsvc] ?? 0)) return false;
  }
  if (filters.minCvss !== null && (v.cvss === null || v.cvss.score < filters.minCvss)) return false;
  if (filters.inventoryIds.length > 0 && !filters.inventoryIds.includes(notice.inventoryId)) return false;
  return true;
}

/** The label a message about these notices carries: the most restrictive of them. */
export function messageTlp(notices: readonly ExposureNotice[]): Tlp {
  return mostRestrictiveTlp(notices.map((n) => n.tlp));
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Whether a URL from a source document may become a link: only absolute http(s) URLs. A fix URL
 * comes from OSV references or CSAF remediations, which anyone publishing a document can fill
 * with `javascript:` or `data:`; escaping does not make such a scheme harmless in an href.
 */
export function isWebUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** A link to `url` showing `url`, or just the text when it may not be a link. */
function linkOrText(url: string): string {
  const text = escapeHtml(url);
  return isWebUrl(url) ? `<a href="${text}">${text}</a>` : text;
}

function noticeLines(n: ExposureNotice, publicUrl: string): string[] {
  const v = n.vulnerability;
  const facts = [
    v.exploited ? 'known exploited' : null,
    v.ssvcDecision ? `SSVC ${v.ssvcDecision}` : null,
    v.cvss ? `CVSS ${v.cvss.score.toFixed(1)}` : null,
  ].filter((f): f is string => f !== null);
  return [
    `[TLP:${n.tlp}] ${n.action.text}`,
    `  ${v.key}: ${v.title}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`,
    `  Affects ${n.component} in inventory ${n.inventoryName}.`,
    ...(n.action.url ? [`  Fix: ${n.action.url}`] : []),
    `  Details: ${publicUrl}${n.webPath}`,
  ];
}

function noticeHtml(n: ExposureNotice, publicUrl: string): string {
  const v = n.vulnerability;
  return [
    '<li>',
    `<p><strong>[TLP:${escapeHtml(n.tlp)}] ${escapeHtml(n.action.text)}</strong><br>`,
    `${escapeHtml(v.key)}: ${escapeHtml(v.title)}${v.exploited ? ' — <strong>known exploited</strong>' : ''}<br>`,
    `Affects ${escapeHtml(n.component)} in inventory ${escapeHtml(n.inventoryName)}.<br>`,
    n.action.url ? `Fix: ${linkOrText(n.action.url)}<br>` : '',
    `<a href="${escapeHtml(publicUrl + n.webPath)}">Open in the clearinghouse</a></p>`,
    '</li>',
  ].join('');
}

/**
 * One e-mail listing notices in the order given (the exposure module ranks them). `digest` words it
 * as the day's summary.
 */
export function renderExposureMail(opts: {
  orgName: string;
  notices: readonly ExposureNotice[];
  publicUrl: string;
  digest?: boolean;
}): RenderedMail {
  const { notices, publicUrl, orgName } = opts;
  const first = notices[0];
  if (!first) throw new Error('an exposure e-mail needs at least one notice');
  const tlp = messageTlp(notices);
  const count = notices.length;
  const lead = opts.digest
    ? `Daily digest, ${count} exposure${count === 1 ? '' : 's'}: ${lowerFirst(first.action.text)}`
    : count === 1
      ? `New exposure: ${lowerFirst(first.action.text)}`
      : `${count} new exposures: ${lowerFirst(first.action.text)}`;
  const subject = clip(`[TLP:${tlp}] ${lead}${count > 1 ? ' …' : ''}`, 200);
  const tlpLine = `TLP:${tlp} — share according to the Traffic Light Protocol (https://www.first.org/tlp/).`;
  const intro = opts.digest
    ? `Today's exposures for ${orgName} that are still open, most urgent first:`
    : `The clearinghouse found ${count === 1 ? 'an exposure' : `${count} exposures`} in ${orgName}'s inventories, most urgent first:`;
  const text = [
    tlpLine,
    '',
    intro,
    '',
    ...notices.flatMap((n) => [...noticeLines(n, publicUrl), '']),
    `All open exposures: ${publicUrl}/exposures`,
    `Change what you receive: ${publicUrl}/settings/notifications`,
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p><strong>${escapeHtml(tlpLine)}</strong></p>`,
    `<p>${escapeHtml(intro)}</p>`,
    `<ol>${notices.map((n) => noticeHtml(n, publicUrl)).join('')}</ol>`,
    `<p><a href="${escapeHtml(publicUrl)}/exposures">All open exposures</a> · `,
    `<a href="${escapeHtml(publicUrl)}/settings/notifications">Change what you receive</a></p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}

/** One inbox notice per exposure. */
export function renderInboxNotice(n: ExposureNotice): { title: string; body: string; link: string } {
  const v = n.vulnerability;
  return {
    title: clip(`[TLP:${n.tlp}] ${n.action.text}`, 300),
    body: clip(
      `TLP:${n.tlp}. ${v.key}: ${v.title}${v.exploited ? ' (known exploited)' : ''}. Affects ${n.component} in ${n.inventoryName}.`,
      2000,
    ),
    link: n.webPath,
  };
}

/** What an organization's admins are told when one of its webhook endpoints is turned off. */
export function renderEndpointDisabled(opts: { endpointName: string; reason: string; publicUrl: string }): {
  title: string;
  text: string;
  subject: string;
  link: string;
} {
  const link = '/settings/webhooks';
  const title = `Webhook "${clip(opts.endpointName, 100)}" was disabled`;
  return {
    title,
    subject: title,
    link,
    text: [
      `The clearinghouse stopped sending to your webhook endpoint "${opts.endpointName}": ${opts.reason}.`,
      '',
      'Exposure notices still reach your organization by e-mail and in the inbox as your subscriptions say.',
      'When the receiver works again, re-enable it (and send a test ping):',
      `${opts.publicUrl}${link}`,
      '',
    ].join('\n'),
  };
}
