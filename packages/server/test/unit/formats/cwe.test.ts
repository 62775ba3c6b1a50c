import sharedCatalogue from '@secvisogram/csaf-validator-lib/lib/shared/cwec.js';
import { describe, expect, it } from 'vitest';
import {
  CWE_CATALOG_DATE,
  CWE_CATALOG_VERSION,
  findCwe,
  normalizeCweId,
  searchCwe,
} from '../../../src/formats/cwe.js';

describe('normalizeCweId', () => {
  it.each(['CWE-79', 'cwe-79', '79', ' CWE-079 ', 'CWE 79', 'CWE_79', 'cwe:79', 'CWE79'])(
    '%j → CWE-79',
    (input) => {
      expect(normalizeCweId(input)).toBe('CWE-79');
    },
  );

  it.each(['', 'CWE-', 'CWE-79a', 'XSS', '7 9', '-79', 'CVE-2021-44228', 'CWE-1.5', '12345678'])(
    'rejects %j',
    (input) => {
      expect(normalizeCweId(input)).toBeUndefined();
    },
  );
});

describe('findCwe', () => {
  it('finds known weaknesses by any accepted form of their id', () => {
    expect(findCwe('CWE-79')).toEqual({
      id: 'CWE-79',
      name: "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
      status: 'Stable',
      usage: 'Allowed',
    });
    expect(findCwe('89')?.name).toContain("('SQL Injection')");
    expect(findCwe(' cwe-0787 ')).toMatchObject({ id: 'CWE-787', name: 'Out-of-bounds Write' });
    expect(findCwe('CWE-20')).toMatchObject({ name: 'Improper Input Validation', usage: 'Discouraged' });
  });

  it('marks deprecated weaknesses, which must not be used for mapping', () => {
    expect(findCwe('CWE-1187')).toMatchObject({ status: 'Deprecated', usage: 'Prohibited' });
  });

  it('finds nothing for unknown ids, categories, views and junk', () => {
    expect(findCwe('CWE-999999')).toBeUndefined();
    expect(findCwe('CWE-16')).toBeUndefined(); // a category
    expect(findCwe('CWE-1000')).toBeUndefined(); // a view
    expect(findCwe('cross-site scripting')).toBeUndefined();
  });

  it('covers the catalogue the CSAF validator checks against, name for name', () => {
    expect([CWE_CATALOG_VERSION, CWE_CATALOG_DATE]).toEqual(['4.17', '2025-04-03']);
    expect(sharedCatalogue.weaknesses).toHaveLength(968);
    const differences = sharedCatalogue.weaknesses.filter((w) => findCwe(w.id)?.name !== w.name);
    expect(differences).toEqual([]);
  });
});

describe('searchCwe', () => {
  it('puts the exact id first, then ids starting with the same digits in numeric order', () => {
    const ids = searchCwe('79').map((w) => w.id);
    expect(ids[0]).toBe('CWE-79');
    expect(ids.slice(1)).toEqual([
      'CWE-790',
      'CWE-791',
      'CWE-792',
      'CWE-793',
      'CWE-794',
      'CWE-795',
      'CWE-796',
      'CWE-797',
      'CWE-798',
      'CWE-799',
    ]);
    expect(searchCwe('cwe-79').map((w) => w.id)).toEqual(ids);
  });

  it('finds by id prefix when the prefix itself is a weakness or not', () => {
    const seven = searchCwe('CWE-7', 100).map((w) => w.id);
    expect(seven[0]).toBe('CWE-7');
    expect(seven.every((id) => id.startsWith('CWE-7'))).toBe(true);
    expect(seven.slice(1, 4)).toEqual(['CWE-71', 'CWE-72', 'CWE-73']);
  });

  it('finds names containing every word, the established weakness first, whatever the case', () => {
    const sql = searchCwe('sql injection');
    expect(sql[0]?.id).toBe('CWE-89');
    expect(sql.map((w) => w.id)).toEqual(['CWE-89', 'CWE-564']);
    expect(searchCwe('SQL  Injection')).toEqual(sql);
    expect(searchCwe('cross site scripting')[0]?.id).toBe('CWE-79');
    // All four are whole-word matches; the Draft ones come before the Incomplete CWE-120, shortest first.
    expect(searchCwe('buffer overflow').map((w) => w.id)).toEqual([
      'CWE-122',
      'CWE-121',
      'CWE-680',
      'CWE-120',
    ]);
  });

  it('puts deprecated weaknesses after current ones', () => {
    const results = searchCwe('uninitialized', 50);
    expect(results.map((w) => w.id)).toContain('CWE-1187');
    expect(results.at(-1)?.status).toBe('Deprecated');
  });

  it('respects the limit and finds nothing for an empty or unmatched query', () => {
    expect(searchCwe('injection', 3)).toHaveLength(3);
    expect(searchCwe('injection').length).toBeLessThanOrEqual(20);
    expect(searchCwe('injection', 0)).toEqual([]);
    expect(searchCwe('   ')).toEqual([]);
    expect(searchCwe('qwertyuiop')).toEqual([]);
    expect(searchCwe('CWE-999999')).toEqual([]);
  });
});
