import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decideSsvc,
  SSVC_AUTOMATABLE,
  SSVC_DECISIONS,
  SSVC_EXPLOITATION,
  SSVC_MISSION_WELLBEING,
  SSVC_TECHNICAL_IMPACT,
  ssvcVector,
  type SsvcDecision,
  type SsvcInput,
} from '../../../src/formats/ssvc.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
const ssvcData = path.resolve(repoRoot, '..', 'shared', 'standards', 'ssvc');

/** A published value name as our value: "Public PoC" → public_poc, "Track*" → track_star. */
const ours = (name: string): string => name.trim().toLowerCase().replace('*', '_star').replace(/\s+/g, '_');

function asInput(
  exploitation: string,
  automatable: string,
  technicalImpact: string,
  mission: string,
): SsvcInput {
  const pick = <T extends string>(values: readonly T[], name: string): T => {
    const value = values.find((v) => v === ours(name));
    if (value === undefined) throw new Error(`unknown value ${name}`);
    return value;
  };
  return {
    exploitation: pick(SSVC_EXPLOITATION, exploitation),
    automatable: pick(SSVC_AUTOMATABLE, automatable),
    technicalImpact: pick(SSVC_TECHNICAL_IMPACT, technicalImpact),
    missionWellbeing: pick(SSVC_MISSION_WELLBEING, mission),
  };
}

interface DecisionTable {
  key: string;
  version: string;
  outcome: string;
  decision_points: Record<string, { name: string; values: { key: string; name: string }[] }>;
  mapping: Record<string, string>[];
}

describe('decideSsvc: the CISA coordinator tree 2.0.3', () => {
  it('matches every row of the published CSV', () => {
    const [header, ...rows] = readFileSync(path.join(ssvcData, 'csv/cisa/cisa_coordinator_2_0_3.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((line) => line.split(','));
    expect(header).toEqual([
      'row',
      'Exploitation v1.1.0',
      'Automatable v2.0.0',
      'Technical Impact v1.0.0',
      'Mission and Well-Being Impact v1.0.0',
      'CISA Levels v1.1.0 (cisa)',
    ]);
    expect(rows).toHaveLength(36);
    for (const [row = '', e = '', a = '', t = '', m = '', decision = ''] of rows) {
      expect(decideSsvc(asInput(e, a, t, m)), `row ${row}: ${e}, ${a}, ${t}, ${m}`).toBe(ours(decision));
    }
  });

  it('matches every row of the published JSON decision table', () => {
    const table = JSON.parse(
      readFileSync(path.join(ssvcData, 'json/decision_tables/cisa/cisa_coordinator_2_0_3.json'), 'utf8'),
    ) as DecisionTable;
    expect([table.key, table.version]).toEqual(['DT_CO', '2.0.3']);
    const name = (point: string, key: string | undefined): string => {
      const found = table.decision_points[point]?.values.find((v) => v.key === key);
      if (found === undefined) throw new Error(`no value ${String(key)} for ${point}`);
      return found.name;
    };
    expect(table.mapping).toHaveLength(36);
    for (const row of table.mapping) {
      const input = asInput(
        name('ssvc:E:1.1.0', row['ssvc:E:1.1.0']),
        name('ssvc:A:2.0.0', row['ssvc:A:2.0.0']),
        name('ssvc:TI:1.0.0', row['ssvc:TI:1.0.0']),
        name('ssvc:MWI:1.0.0', row['ssvc:MWI:1.0.0']),
      );
      expect(decideSsvc(input), JSON.stringify(row)).toBe(ours(name(table.outcome, row[table.outcome])));
    }
  });

  it('has the value lists of the published decision points, in their order', () => {
    const table = JSON.parse(
      readFileSync(path.join(ssvcData, 'json/decision_tables/cisa/cisa_coordinator_2_0_3.json'), 'utf8'),
    ) as DecisionTable;
    const values = (point: string): string[] =>
      table.decision_points[point]?.values.map((v) => ours(v.name)) ?? [];
    expect(values('ssvc:E:1.1.0')).toEqual(SSVC_EXPLOITATION);
    expect(values('ssvc:A:2.0.0')).toEqual(SSVC_AUTOMATABLE);
    expect(values('ssvc:TI:1.0.0')).toEqual(SSVC_TECHNICAL_IMPACT);
    expect(values('ssvc:MWI:1.0.0')).toEqual(SSVC_MISSION_WELLBEING);
    expect(values('cisa:CISA:1.1.0')).toEqual(SSVC_DECISIONS);
  });
});

describe('ssvcVector', () => {
  const worst: SsvcInput = {
    exploitation: 'active',
    automatable: 'yes',
    technicalImpact: 'total',
    missionWellbeing: 'high',
  };

  it('writes the abbreviated form with a UTC timestamp to the second', () => {
    expect(ssvcVector(worst, 'act', new Date('2026-11-27T10:20:30.456Z'))).toBe(
      'SSVCv2/E:A/A:Y/T:T/M:H/D:C/2026-11-27T10:20:30Z/',
    );
    const least: SsvcInput = {
      exploitation: 'public_poc',
      automatable: 'no',
      technicalImpact: 'partial',
      missionWellbeing: 'medium',
    };
    expect(ssvcVector(least, 'track', '2026-11-27T12:00:00+02:00')).toBe(
      'SSVCv2/E:P/A:N/T:P/M:M/D:T/2026-11-27T10:00:00Z/',
    );
  });

  it('gives each decision its own letter, and records an override as given', () => {
    const letters = SSVC_DECISIONS.map(
      (d: SsvcDecision) => /\/D:([A-Z])\//.exec(ssvcVector(worst, d, new Date(0)))?.[1],
    );
    expect(letters).toEqual(['T', 'R', 'A', 'C']);
    expect(new Set(letters).size).toBe(SSVC_DECISIONS.length);
  });

  it('rejects a timestamp that is not a date', () => {
    expect(() => ssvcVector(worst, 'act', 'yesterday')).toThrow(RangeError);
  });
});
