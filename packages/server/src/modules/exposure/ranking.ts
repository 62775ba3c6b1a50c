import type { ExposureAction, VulnerabilitySummary } from '@clearinghouse/shared';

/** The vulnerability as stored: the summary of every source merged, plus the vendor's fix. */
export interface StoredVulnerability extends VulnerabilitySummary {
  fix: { details: string; url: string | null } | null;
}

const SSVC_ORDER = ['track', 'track_star', 'attend', 'act'] as const;

/** Two sources on one vulnerability: the graver facts win, nothing learned is lost. */
export function mergeVulnerability(
  a: StoredVulnerability | undefined,
  b: StoredVulnerability,
): StoredVulnerability {
  if (!a) return b;
  const ssvc =
    a.ssvcDecision === null
      ? b.ssvcDecision
      : b.ssvcDecision === null
        ? a.ssvcDecision
        : (SSVC_ORDER[Math.max(SSVC_ORDER.indexOf(a.ssvcDecision), SSVC_ORDER.indexOf(b.ssvcDecision))] ??
          null);
  return {
    key: a.key,
    title: a.title || b.title,
    aliases: [...new Set([...a.aliases, ...b.aliases])].filter((x) => x !== a.key),
    cvss: !a.cvss ? b.cvss : !b.cvss ? a.cvss : b.cvss.score > a.cvss.score ? b.cvss : a.cvss,
    ssvcDecision: ssvc,
    exploited: a.exploited || b.exploited,
    kev: a.kev ?? b.kev,
    cwe: a.cwe ?? b.cwe,
    fix: a.fix?.url ? a.fix : (b.fix ?? a.fix),
  };
}

/**
 * What to do, in plain language: "Update Acme Infusion Pump firmware to 4.2.1" with the vendor's
 * patch link, or the vendor's own words when there is no fixed version.
 */
export function actionFor(
  component: { name: string; vendor: string | null; version: string | null },
  fixedVersion: string | null,
  fix: StoredVulnerability['fix'],
  advisoryUrl: string | null,
): ExposureAction {
  const what = [component.vendor, component.name].filter(Boolean).join(' ');
  const url = fix?.url ?? advisoryUrl;
  if (fixedVersion)
    return {
      text: `Update ${what} to ${fixedVersion}${component.version ? ` (you run ${component.version})` : ''}.`,
      url,
      fixedVersion,
    };
  if (fix?.details) return { text: `${what}: ${firstSentence(fix.details)}`, url, fixedVersion: null };
  return {
    text: `No fixed version is known for ${what} yet: read the advisory and limit exposure (network isolation, access control) until the vendor ships a fix.`,
    url,
    fixedVersion: null,
  };
}

function firstSentence(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  const end = t.search(/[.!?](\s|$)/);
  const s = end === -1 ? t : t.slice(0, end + 1);
  return s.length > 300 ? `${s.slice(0, 297)}…` : s;
}
