import { randomUUID } from 'node:crypto';
import type { ComponentRecord, ExposureRecord, SourceRecord } from './exposure.repository.js';
import type { StoredVulnerability } from './ranking.js';

/**
 * An organization's exposure statuses as a CycloneDX 1.6 VEX document (BOM with `vulnerabilities`,
 * each with an `analysis` and the components it `affects`).
 *
 * Our statuses map onto CycloneDX impact analysis states: open → in_triage; acknowledged →
 * exploitable; remediated → resolved (response `update`); mitigated → exploitable with response
 * `workaround_available`; not_affected → not_affected with the justification mapped from the CISA
 * VEX justifications; risk_accepted → exploitable with response `will_not_fix`.
 */

const STATE: Readonly<Record<string, { state: string; response?: string[] }>> = {
  open: { state: 'in_triage' },
  acknowledged: { state: 'exploitable' },
  remediated: { state: 'resolved', response: ['update'] },
  mitigated: { state: 'exploitable', response: ['workaround_available'] },
  not_affected: { state: 'not_affected' },
  risk_accepted: { state: 'exploitable', response: ['will_not_fix'] },
};

/** CISA VEX (CSAF flag) justification → CycloneDX impact analysis justification. */
const JUSTIFICATION: Readonly<Record<string, string>> = {
  component_not_present: 'code_not_present',
  vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'protected_by_mitigating_control',
  inline_mitigations_already_exist: 'protected_by_mitigating_control',
};

export interface VexInput {
  organization: string;
  generatedAt: string;
  tool: { name: string; url: string };
  exposures: readonly ExposureRecord[];
  components: readonly ComponentRecord[];
  vulnerabilities: ReadonlyMap<string, StoredVulnerability>;
  sources: ReadonlyMap<string, SourceRecord>;
}

export function buildVex(input: VexInput): Record<string, unknown> {
  const used = new Set(input.exposures.map((e) => e.componentId));
  const components = input.components
    .filter((c) => used.has(c.id))
    .map((c) => ({
      type: c.purl ? 'library' : c.modelNumber ? 'device' : 'application',
      'bom-ref': c.id,
      name: c.name,
      ...(c.vendor && { supplier: { name: c.vendor } }),
      ...(c.version && { version: c.version }),
      ...(c.purl && { purl: c.purl }),
      ...(c.cpe && { cpe: c.cpe }),
      ...(c.hashes.length > 0 && { hashes: c.hashes.map((h) => ({ alg: h.alg, content: h.value })) }),
      ...((c.modelNumber || c.site) && {
        properties: [
          ...(c.modelNumber ? [{ name: 'clearinghouse:modelNumber', value: c.modelNumber }] : []),
          ...(c.site ? [{ name: 'clearinghouse:site', value: c.site }] : []),
        ],
      }),
    }));
  // One vulnerability entry per vulnerability × analysis: CycloneDX has one analysis per entry.
  const entries = new Map<string, { e: ExposureRecord; refs: string[] }>();
  for (const e of input.exposures) {
    const k = `${e.vulnKey}\n${e.status}\n${e.justification ?? ''}`;
    const entry = entries.get(k);
    if (entry) entry.refs.push(e.componentId);
    else entries.set(k, { e, refs: [e.componentId] });
  }
  const vulnerabilities = [...entries.values()].map(({ e, refs }) => {
    const v = input.vulnerabilities.get(e.vulnKey);
    const source = e.sourceIds.map((id) => input.sources.get(id)).find((s) => s !== undefined);
    const mapped = STATE[e.status] ?? { state: 'in_triage' };
    const justification = e.justification ? JUSTIFICATION[e.justification] : undefined;
    return {
      'bom-ref': `${e.vulnKey}/${e.status}${e.justification ? `/${e.justification}` : ''}`,
      id: e.vulnKey,
      ...(source && {
        source: { name: source.publisher, ...(source.url?.startsWith('http') && { url: source.url }) },
      }),
      ...(v?.cvss && {
        ratings: [
          {
            score: v.cvss.score,
            method: v.cvss.version === '4.0' ? 'CVSSv4' : v.cvss.version === '3.0' ? 'CVSSv3' : 'CVSSv31',
            ...(v.cvss.vector && { vector: v.cvss.vector }),
          },
        ],
      }),
      ...(v?.cwe && { cwes: [Number(v.cwe.replace('CWE-', ''))] }),
      ...(v && { description: v.title }),
      analysis: {
        state: mapped.state,
        ...(justification && { justification }),
        ...(mapped.response && { response: mapped.response }),
        ...(e.note && { detail: e.note }),
        firstIssued: e.firstSeenAt,
        lastUpdated: e.updatedAt,
      },
      affects: refs.map((ref) => ({ ref })),
    };
  });
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: input.generatedAt,
      tools: {
        components: [
          {
            type: 'application',
            name: input.tool.name,
            externalReferences: [{ type: 'website', url: input.tool.url }],
          },
        ],
      },
      component: {
        type: 'application',
        'bom-ref': 'organization',
        name: `${input.organization} — exposure statuses`,
      },
    },
    components,
    vulnerabilities,
  };
}
