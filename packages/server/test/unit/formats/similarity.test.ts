import { describe, expect, it } from 'vitest';
import {
  rankDuplicates,
  SIMILARITY_WEIGHTS,
  similarity,
  type SimilarityInput,
  type SimilarityProduct,
} from '../../../src/formats/similarity.js';

const buildReport = (overrides: Partial<SimilarityInput> = {}): SimilarityInput => ({
  title: 'SQL injection in the login form of Acme Portal',
  description:
    'The username parameter of /login is concatenated into an SQL query without escaping. ' +
    'An unauthenticated attacker can read every table, including password hashes, with a UNION-based payload.',
  products: [{ vendor: 'Acme Corp', product: 'Acme Portal', purl: 'pkg:npm/%40acme/portal@2.3.1' }],
  cwe: 'CWE-89',
  ...overrides,
});

const productsScore = (a: SimilarityProduct, b: SimilarityProduct): number =>
  similarity(buildReport({ products: [a] }), buildReport({ products: [b] })).breakdown.products;

describe('similarity', () => {
  it('scores identical reports 1 on every field', () => {
    expect(similarity(buildReport(), buildReport())).toEqual({
      score: 1,
      breakdown: { title: 1, description: 1, products: 1, cwe: 1 },
    });
  });

  it('scores identical reports 1 when they leave fields out', () => {
    const bare = buildReport({ products: [], cwe: undefined });
    expect(similarity(bare, bare).score).toBe(1);
  });

  it('ignores case, accents, punctuation, stop words and plurals in text', () => {
    const a = buildReport({ title: 'Heap overflows in the Café image decoder' });
    const b = buildReport({ title: 'HEAP OVERFLOW — cafe image-decoder' });
    expect(similarity(a, b).breakdown.title).toBe(1);
  });

  it('ranks a reworded report on the same product above an unrelated one', () => {
    const target = buildReport();
    const reworded = {
      id: 'rpt_near',
      ...buildReport({
        title: 'Acme Portal login: SQL injection via username',
        description:
          'Unauthenticated SQL injection in the username field of the Acme Portal login page. The value is ' +
          'concatenated into the SQL query, so a UNION payload dumps the users table and its password hashes.',
        products: [{ vendor: 'ACME corp.', product: 'acme-portal', purl: 'pkg:npm/%40acme/portal@2.4.0' }],
        cwe: '89',
      }),
    };
    const unrelated = {
      id: 'rpt_far',
      ...buildReport({
        title: 'Stored cross-site scripting in Globex Wiki page titles',
        description:
          'Page titles are rendered without HTML encoding, so a script in a title runs for every reader.',
        products: [
          { vendor: 'Globex', product: 'Globex Wiki', cpe: 'cpe:2.3:a:globex:wiki:5.0:*:*:*:*:*:*:*' },
        ],
        cwe: 'CWE-79',
      }),
    };
    const ranked = rankDuplicates(target, [unrelated, reworded]);
    expect(ranked.map((m) => m.id)).toEqual(['rpt_near', 'rpt_far']);
    const [near, far] = ranked;
    expect(near?.score).toBeGreaterThan(0.6);
    expect(near?.breakdown).toMatchObject({ products: 1, cwe: 1 });
    expect(near?.breakdown.title).toBeGreaterThan(0.4);
    expect(near?.breakdown.description).toBeGreaterThan(0.3);
    expect(far?.score).toBeLessThan(0.1);
  });

  it('leaves a field out of the score when either report lacks it', () => {
    const withCwe = buildReport({ cwe: 'CWE-89' });
    const withoutCwe = buildReport({ cwe: null });
    expect(similarity(withCwe, withoutCwe)).toEqual({
      score: 1,
      breakdown: { title: 1, description: 1, products: 1, cwe: 0 },
    });
    const otherCwe = buildReport({ cwe: 'CWE-79' });
    expect(similarity(withCwe, otherCwe).score).toBeCloseTo(1 - SIMILARITY_WEIGHTS.cwe, 4);
  });

  it('weighs the fields 0.35, 0.25, 0.3 and 0.1', () => {
    expect(SIMILARITY_WEIGHTS).toEqual({ title: 0.35, description: 0.25, products: 0.3, cwe: 0.1 });
    const a = buildReport();
    const b = buildReport({
      title: 'Something else entirely',
      description: 'Nothing shared here at all.',
      products: [{ vendor: 'Initech', product: 'TPS' }],
    });
    expect(similarity(a, b)).toEqual({
      score: 0.1,
      breakdown: { title: 0, description: 0, products: 0, cwe: 1 },
    });
  });

  it('scores 0 when nothing can be compared', () => {
    const empty = buildReport({ title: '', description: ' ', products: [], cwe: undefined });
    expect(similarity(empty, buildReport()).score).toBe(0);
  });
});

describe('similarity: products', () => {
  it('matches package URLs without version, qualifiers or subpath', () => {
    expect(
      productsScore(
        { vendor: 'A', product: 'x', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar' },
        { vendor: 'B', product: 'y', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.0#src' },
      ),
    ).toBe(1);
    expect(
      productsScore(
        { vendor: 'A', product: 'x', purl: 'pkg:npm/lodash@4.17.20' },
        { vendor: 'B', product: 'y', purl: 'pkg:npm/lodash-es@4.17.20' },
      ),
    ).toBe(0);
  });

  it('matches CPE vendor:product across CPE 2.3 and 2.2 and versions', () => {
    expect(
      productsScore(
        { vendor: 'A', product: 'x', cpe: 'cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*' },
        { vendor: 'B', product: 'y', cpe: 'cpe:/a:apache:http_server:2.4.50' },
      ),
    ).toBe(1);
    expect(
      productsScore(
        { vendor: 'A', product: 'x', cpe: 'cpe:2.3:a:apache:*:*:*:*:*:*:*:*:*' },
        { vendor: 'B', product: 'y', cpe: 'cpe:2.3:a:apache:*:*:*:*:*:*:*:*:*' },
      ),
    ).toBe(0);
  });

  it('matches vendor and product names loosely, and the product name alone by half', () => {
    expect(
      productsScore(
        { vendor: 'Open SSL Project', product: 'OpenSSL' },
        { vendor: 'openssl-project', product: 'openssl' },
      ),
    ).toBe(1);
    expect(
      productsScore(
        { vendor: 'Debian', product: 'OpenSSL' },
        { vendor: 'OpenSSL Project', product: 'openssl' },
      ),
    ).toBe(0.5);
    expect(
      productsScore({ vendor: 'Debian', product: 'OpenSSL' }, { vendor: 'Debian', product: 'GnuTLS' }),
    ).toBe(0);
  });

  it('averages the best matches of both lists', () => {
    const a = buildReport({
      products: [
        { vendor: 'Acme', product: 'Portal' },
        { vendor: 'Acme', product: 'Gateway' },
      ],
    });
    const b = buildReport({ products: [{ vendor: 'Acme', product: 'Portal' }] });
    // a → b: (1 + 0) / 2; b → a: 1; mean 0.75.
    expect(similarity(a, b).breakdown.products).toBe(0.75);
  });
});

describe('rankDuplicates', () => {
  const target = buildReport();
  const candidates = [
    {
      id: 'far',
      ...buildReport({ title: 'Unrelated', description: 'Different.', products: [], cwe: 'CWE-79' }),
    },
    { id: 'same-1', ...buildReport() },
    { id: 'half', ...buildReport({ title: 'Unrelated', description: 'Different.', cwe: null }) },
    { id: 'same-2', ...buildReport() },
  ];

  it('orders best first, keeping the given order between equal scores', () => {
    // half: only the products (weight 0.3) match, out of the 0.9 of weight both reports carry.
    expect(rankDuplicates(target, candidates).map((m) => [m.id, m.score])).toEqual([
      ['same-1', 1],
      ['same-2', 1],
      ['half', 0.3333],
      ['far', 0],
    ]);
  });

  it('applies the limit and the minimum score', () => {
    expect(rankDuplicates(target, candidates, { limit: 1 }).map((m) => m.id)).toEqual(['same-1']);
    expect(rankDuplicates(target, candidates, { minScore: 0.2 }).map((m) => m.id)).toEqual([
      'same-1',
      'same-2',
      'half',
    ]);
    expect(rankDuplicates(target, candidates, { limit: 0 })).toEqual([]);
    expect(rankDuplicates(target, [])).toEqual([]);
  });

  it('returns each match with its breakdown', () => {
    expect(rankDuplicates(target, candidates, { limit: 1 })).toEqual([
      { id: 'same-1', score: 1, breakdown: { title: 1, description: 1, products: 1, cwe: 1 } },
    ]);
  });
});
