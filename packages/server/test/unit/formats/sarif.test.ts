import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import type { Log, ReportingDescriptor, Result, Run } from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { sarifToReportDrafts, type SarifReportDraft } from '../../../src/formats/sarif.js';

const require = createRequire(import.meta.url);
const fixtureDir = fileURLToPath(new URL('../../fixtures/sarif-project/', import.meta.url));

function draftsOf(input: unknown, opts?: { maxDrafts?: number }): SarifReportDraft[] {
  const parsed = sarifToReportDrafts(input, opts);
  if (!parsed.ok) throw new Error(`expected drafts, got problems: ${JSON.stringify(parsed.problems)}`);
  return parsed.drafts;
}

function problemsOf(input: unknown, opts?: { maxDrafts?: number }): { path: string; message: string }[] {
  const parsed = sarifToReportDrafts(input, opts);
  if (parsed.ok) throw new Error(`expected problems, got ${parsed.drafts.length} drafts`);
  return parsed.problems;
}

/** A one-run log from the tool "Scanner"; `run` overrides any run property. */
function buildLog(results: Result[], rules: ReportingDescriptor[] = [], run: Partial<Run> = {}): Log {
  return { version: '2.1.0', runs: [{ tool: { driver: { name: 'Scanner', rules } }, results, ...run }] };
}

/** A result at `file:line`. */
function buildResult(ruleId: string, file: string, line: number, overrides: Partial<Result> = {}): Result {
  return {
    ruleId,
    message: { text: `${ruleId} at line ${line}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: file }, region: { startLine: line } } }],
    ...overrides,
  };
}

const linesOf = (draft: SarifReportDraft | undefined) => draft?.locations.map((l) => l.startLine);

describe('a real ESLint run rendered by @microsoft/eslint-formatter-sarif', () => {
  const appUri = pathToFileURL(join(fixtureDir, 'src/app.js')).href;
  const linksUri = pathToFileURL(join(fixtureDir, 'src/links.js')).href;
  let sarif: Log;
  let drafts: SarifReportDraft[];
  let resultCount: number;

  beforeAll(async () => {
    const eslint = new ESLint({
      cwd: fixtureDir,
      overrideConfigFile: true,
      overrideConfig: {
        files: ['**/*.js'],
        languageOptions: {
          sourceType: 'commonjs',
          ecmaVersion: 2022,
          globals: { window: 'readonly', location: 'writable', setTimeout: 'readonly' },
        },
        rules: {
          'no-eval': 'error',
          'no-implied-eval': 'error',
          'no-new-func': 'error',
          'no-script-url': 'warn',
        },
      },
    });
    const results = await eslint.lintFiles(['src/**/*.js']);
    const formatter = await eslint.loadFormatter(require.resolve('@microsoft/eslint-formatter-sarif'));
    sarif = JSON.parse(await formatter.format(results)) as Log;
    const parsed = sarifToReportDrafts(sarif);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    drafts = parsed.drafts;
    resultCount = parsed.resultCount;
  });

  const draftFor = (ruleId: string, uri: string) =>
    drafts.find((d) => d.ruleId === ruleId && d.locations[0]?.uri === uri);

  it('makes one draft per rule per file, listing every line in that file', () => {
    expect(drafts.map((d) => [d.ruleId, d.locations[0]?.uri, linesOf(d)])).toEqual(
      expect.arrayContaining([
        ['no-eval', appUri, [3, 20]],
        ['no-implied-eval', appUri, [7]],
        ['no-new-func', appUri, [11]],
        ['no-script-url', linksUri, [3, 4]],
        ['no-eval', linksUri, [8]],
      ]),
    );
    expect(drafts).toHaveLength(5);
    expect(resultCount).toBe(7);
  });

  it('points at the lines that really hold the problem', () => {
    const source = (uri: string) => readFileSync(fileURLToPath(uri), 'utf8').split('\n');
    const expected: Record<string, string> = {
      'no-eval': 'eval(',
      'no-implied-eval': 'setTimeout(',
      'no-new-func': 'new Function(',
      'no-script-url': "'javascript:",
    };
    for (const draft of drafts)
      for (const location of draft.locations) {
        const line = source(location.uri)[(location.startLine ?? 0) - 1] ?? '';
        expect(line.slice((location.startColumn ?? 1) - 1)).toContain(expected[draft.ruleId]);
      }
  });

  it('skips the finding suppressed in source', () => {
    const suppressed = sarif.runs[0]?.results?.filter((r) => (r.suppressions ?? []).length > 0) ?? [];
    expect(suppressed.map((r) => r.locations?.[0]?.physicalLocation?.region?.startLine)).toEqual([16]);
    expect(linesOf(draftFor('no-eval', appUri))).not.toContain(16);
  });

  it('records the tool, the level each rule was configured at, and a readable title', () => {
    const noEval = draftFor('no-eval', appUri);
    expect(noEval?.provenance).toMatchObject({
      toolName: 'ESLint',
      informationUri: 'https://eslint.org',
      runIndex: 0,
    });
    expect(noEval?.severity).toBe('error');
    expect(draftFor('no-script-url', linksUri)?.severity).toBe('warning');
    expect(noEval?.title).toBe(`no-eval: eval can be harmful (${join(fixtureDir, 'src/app.js')})`);
    expect(noEval?.cwe).toBeUndefined();
    expect(noEval?.locations[0]).toEqual({
      uri: appUri,
      startLine: 3,
      startColumn: 10,
      endLine: 3,
      message: 'eval can be harmful.',
    });
  });

  it('describes the rule, each location with its message, and the tool', () => {
    const description = draftFor('no-eval', appUri)?.description ?? '';
    expect(description).toContain('Disallow the use of `eval()`');
    expect(description).toContain('<https://eslint.org/docs/latest/rules/no-eval>');
    expect(description).toContain(`- \`${join(fixtureDir, 'src/app.js')}:3:10\` — eval can be harmful.`);
    expect(description).toContain(`- \`${join(fixtureDir, 'src/app.js')}:20:10\` — eval can be harmful.`);
    expect(description).toMatch(/Reported by ESLint .*\(https:\/\/eslint\.org\)/);
  });
});

describe('a CodeQL-shaped log', () => {
  const xss: ReportingDescriptor = {
    id: 'js/reflected-xss',
    name: 'js/reflected-xss',
    shortDescription: { text: 'Reflected cross-site scripting' },
    fullDescription: {
      text: 'Writing user input directly to an HTTP response allows for a cross-site scripting vulnerability.',
    },
    defaultConfiguration: { enabled: true, level: 'error' },
    help: {
      text: 'Escape user input before writing it to a response.',
      markdown: '# Reflected XSS\n\nEscape it.',
    },
    properties: {
      tags: ['security', 'external/cwe/cwe-079', 'external/cwe/cwe-116'],
      kind: 'path-problem',
      precision: 'high',
      'security-severity': '6.1',
    },
  };
  const sqli: ReportingDescriptor = {
    id: 'js/sql-injection',
    name: 'js/sql-injection',
    shortDescription: { text: 'Database query built from user-controlled sources' },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', 'external/cwe/cwe-089'], 'security-severity': '8.8' },
  };
  const at = (uri: string, startLine: number, startColumn: number) => ({
    physicalLocation: {
      artifactLocation: { uri, uriBaseId: '%SRCROOT%', index: 0 },
      region: { startLine, startColumn },
    },
  });
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'CodeQL',
            organization: 'GitHub',
            semanticVersion: '2.19.3',
            informationUri: 'https://codeql.github.com',
            rules: [sqli, xss],
          },
        },
        automationDetails: { id: 'codeql/analyze/javascript/' },
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///home/runner/work/shop/shop/' } },
        artifacts: [{ location: { uri: 'src/server.js', uriBaseId: '%SRCROOT%', index: 0 } }],
        columnKind: 'utf16CodeUnits',
        results: [
          {
            ruleId: 'js/reflected-xss',
            ruleIndex: 1,
            rule: { id: 'js/reflected-xss', index: 1 },
            message: { text: 'Cross-site scripting vulnerability due to a [user-provided value](1).' },
            locations: [at('src/server.js', 30, 12)],
            relatedLocations: [{ id: 1, ...at('src/server.js', 28, 20) }],
            partialFingerprints: { primaryLocationLineHash: 'aa11bb22cc33dd44:1' },
          },
          {
            ruleId: 'js/reflected-xss',
            ruleIndex: 1,
            level: 'warning',
            message: { text: 'Cross-site scripting vulnerability due to a [user-provided value](1).' },
            locations: [at('src/server.js', 12, 14)],
            relatedLocations: [{ id: 1, ...at('src/server.js', 10, 22) }],
          },
          {
            ruleIndex: 0,
            message: { text: 'This query string depends on a [user-provided value](1).' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'src/db.js', uriBaseId: '%SRCROOT%' },
                  region: { startLine: 7, startColumn: 5, endLine: 8, snippet: { text: 'db.query(sql)' } },
                },
              },
            ],
          },
        ],
      },
    ],
  };

  it('resolves ruleIndex, uriBaseId, CWE tags and security severity', () => {
    const [xssDraft, sqlDraft] = draftsOf(log);
    expect(xssDraft).toMatchObject({
      ruleId: 'js/reflected-xss',
      cwe: 'CWE-79',
      securitySeverity: 6.1,
      severity: 'error',
      locations: [
        { uri: 'file:///home/runner/work/shop/shop/src/server.js', startLine: 12, startColumn: 14 },
        { uri: 'file:///home/runner/work/shop/shop/src/server.js', startLine: 30, startColumn: 12 },
      ],
      provenance: {
        toolName: 'CodeQL',
        toolVersion: '2.19.3',
        toolOrganization: 'GitHub',
        informationUri: 'https://codeql.github.com',
        runIndex: 0,
        automationId: 'codeql/analyze/javascript/',
      },
    });
    expect(sqlDraft).toMatchObject({
      ruleId: 'js/sql-injection',
      cwe: 'CWE-89',
      securitySeverity: 8.8,
      severity: 'error',
      locations: [
        { uri: 'file:///home/runner/work/shop/shop/src/db.js', startLine: 7, startColumn: 5, endLine: 8 },
      ],
    });
  });

  it('renders embedded links as their text, in the title and the description', () => {
    const [xssDraft, sqlDraft] = draftsOf(log);
    expect(xssDraft?.title).toBe(
      'js/reflected-xss: Cross-site scripting vulnerability due to a user-provided value (/home/runner/work/shop/shop/src/server.js)',
    );
    expect(xssDraft?.locations[0]?.message).toBe(
      'Cross-site scripting vulnerability due to a [user-provided value](1).',
    );
    expect(xssDraft?.description).toContain(
      '- `/home/runner/work/shop/shop/src/server.js:12:14` — Cross-site scripting vulnerability due to a user-provided value.',
    );
    expect(sqlDraft?.description).toContain('  ```\n  db.query(sql)\n  ```');
    expect(xssDraft?.description).toContain('# Reflected XSS');
    expect(xssDraft?.description).toContain('Weakness: CWE-79 · Security severity: 6.1');
    expect(xssDraft?.description).toContain(
      'Reported by CodeQL 2.19.3 by GitHub (https://codeql.github.com)',
    );
  });

  it('titles a group whose messages differ with the rule short description', () => {
    const differing = structuredClone(log);
    const second = differing.runs[0]?.results?.[1];
    if (second) second.message = { text: 'Another flow into the response.' };
    expect(draftsOf(differing)[0]?.title).toBe(
      'js/reflected-xss: Reflected cross-site scripting (/home/runner/work/shop/shop/src/server.js)',
    );
  });

  it('finds rules that live in a query-pack extension through rule.toolComponent', () => {
    const withPack: Log = {
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: { name: 'CodeQL', semanticVersion: '2.19.3' },
            extensions: [{ name: 'codeql/javascript-queries', version: '1.2.0', rules: [sqli, xss] }],
          },
          results: [
            {
              ruleId: 'js/reflected-xss',
              rule: { id: 'js/reflected-xss', index: 1, toolComponent: { index: 0 } },
              message: { text: 'XSS.' },
              locations: [
                { physicalLocation: { artifactLocation: { uri: 'web/app.js' }, region: { startLine: 2 } } },
              ],
            },
          ],
        },
      ],
    };
    expect(draftsOf(withPack)[0]).toMatchObject({
      ruleId: 'js/reflected-xss',
      cwe: 'CWE-79',
      securitySeverity: 6.1,
      severity: 'error',
      locations: [{ uri: 'web/app.js', startLine: 2 }],
      provenance: { toolName: 'CodeQL', toolVersion: '2.19.3' },
    });
  });
});

describe('documents that are not usable', () => {
  it('lists every problem with its path, not just the first', () => {
    const problems = problemsOf({
      version: '2.0.0',
      runs: [
        {
          tool: { driver: { rules: [] } },
          results: [
            { ruleId: 'ok', message: { text: 'fine' } },
            { ruleId: 'no-message' },
            { ruleId: 'empty-message', message: {} },
            { ruleId: 'blank-message', message: { text: '   ' } },
          ],
        },
        {
          tool: { driver: { name: 'Second' } },
          results: [{ ruleId: 'x', message: { text: 'y' }, level: 'fatal' }],
        },
      ],
    });
    expect(problems.map((p) => p.path)).toEqual([
      'version',
      'runs[0].tool.driver.name',
      'runs[0].results[1].message',
      'runs[0].results[2].message',
      'runs[0].results[3].message',
      'runs[1].results[0].level',
    ]);
    expect(problems[0]?.message).toBe('Only SARIF version "2.1.0" is supported.');
    expect(problems[1]?.message).toBe('A tool component needs a name.');
    expect(problems[3]?.message).toBe('A result message needs a text or an id.');
  });

  it('reports references that lead nowhere', () => {
    const problems = problemsOf(
      buildLog(
        [
          buildResult('a', 'a.js', 1, { ruleIndex: 5 }),
          buildResult('b', 'a.js', 2, { message: { id: 'missing' } }),
          buildResult('c', 'a.js', 3, {
            locations: [{ physicalLocation: { artifactLocation: { index: 4 } } }],
          }),
          buildResult('d', 'a.js', 4, { rule: { id: 'd', toolComponent: { index: 2 } } }),
          { message: { text: 'which rule?' } },
          buildResult('f', 'a.js', 6, { locations: [{ physicalLocation: { artifactLocation: {} } }] }),
        ],
        [{ id: 'a' }, { id: 'b', messageStrings: { present: { text: 'here' } } }],
      ),
    );
    expect(problems.map((p) => p.path)).toEqual([
      'runs[0].results[0].ruleIndex',
      'runs[0].results[1].message.id',
      'runs[0].results[2].locations[0].physicalLocation.artifactLocation.index',
      'runs[0].results[3].rule.toolComponent.index',
      'runs[0].results[4]',
      'runs[0].results[5].locations[0].physicalLocation.artifactLocation',
    ]);
  });

  it('rejects something that is not a SARIF log at all', () => {
    expect(problemsOf('{"version":"2.1.0"}').map((p) => p.path)).toEqual(['']);
    expect(problemsOf({ version: '2.1.0' }).map((p) => p.path)).toEqual(['runs']);
    expect(problemsOf(null)).toHaveLength(1);
  });

  it('refuses more groups than maxDrafts, saying how many there were', () => {
    const log = buildLog([
      buildResult('a', 'a.js', 1),
      buildResult('a', 'b.js', 1),
      buildResult('b', 'a.js', 2),
    ]);
    expect(draftsOf(log, { maxDrafts: 3 })).toHaveLength(3);
    const problems = problemsOf(log, { maxDrafts: 2 });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('3 groups');
  });

  it('summarises a flood of problems instead of listing a million', () => {
    const problems = problemsOf(buildLog(Array.from({ length: 1500 }, () => ({}) as Result)));
    expect(problems).toHaveLength(1001);
    expect(problems.at(-1)?.message).toBe('…and 500 more problems.');
  });
});

describe('which results become findings', () => {
  it('skips suppressed, absent and non-failing results and keeps the rest', () => {
    const results: Result[] = [
      buildResult('r', 'a.js', 1),
      buildResult('r', 'a.js', 2, { suppressions: [] }),
      buildResult('r', 'a.js', 3, { suppressions: [{ kind: 'inSource' }] }),
      buildResult('r', 'a.js', 4, { suppressions: [{ kind: 'external', status: 'accepted' }] }),
      buildResult('r', 'a.js', 5, { suppressions: [{ kind: 'inSource', status: 'rejected' }] }),
      buildResult('r', 'a.js', 6, { suppressions: [{ kind: 'external', status: 'underReview' }] }),
      buildResult('r', 'a.js', 7, {
        suppressions: [
          { kind: 'inSource', status: 'accepted' },
          { kind: 'external', status: 'rejected' },
        ],
      }),
      buildResult('r', 'a.js', 8, { baselineState: 'absent' }),
      buildResult('r', 'a.js', 9, { baselineState: 'unchanged' }),
      buildResult('r', 'a.js', 10, { kind: 'pass' }),
      buildResult('r', 'a.js', 11, { kind: 'fail' }),
      buildResult('r', 'a.js', 12, { kind: 'review' }),
    ];
    const parsed = sarifToReportDrafts(buildLog(results));
    expect(parsed.ok && parsed.drafts.map(linesOf)).toEqual([[1, 2, 5, 6, 7, 9, 11]]);
    expect(parsed.ok && parsed.resultCount).toBe(7);
  });

  it('takes the highest level in a group: the result level, else the rule default, else warning', () => {
    const rules: ReportingDescriptor[] = [{ id: 'quiet', defaultConfiguration: { level: 'note' } }];
    const drafts = draftsOf(
      buildLog(
        [
          buildResult('quiet', 'a.js', 1),
          buildResult('quiet', 'a.js', 2, { level: 'none' }),
          buildResult('quiet', 'b.js', 1),
          buildResult('quiet', 'b.js', 2, { level: 'error' }),
          buildResult('unlisted', 'a.js', 1),
          buildResult('unlisted', 'c.js', 1, { level: 'none' }),
          buildResult('unlisted', 'd.js', 1, { level: 'note' }),
          buildResult('unlisted', 'd.js', 2, { level: 'warning' }),
        ],
        rules,
      ),
    );
    expect(drafts.map((d) => [d.ruleId, d.locations[0]?.uri, d.severity])).toEqual([
      ['quiet', 'a.js', 'note'],
      ['quiet', 'b.js', 'error'],
      ['unlisted', 'a.js', 'warning'],
      ['unlisted', 'c.js', 'none'],
      ['unlisted', 'd.js', 'warning'],
    ]);
  });

  it('groups a result with locations in two files under its first file', () => {
    const twoFiles = buildResult('r', 'a.js', 4, {
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'a.js' }, region: { startLine: 4 } } },
        { physicalLocation: { artifactLocation: { uri: 'b.js' }, region: { startLine: 9 } } },
      ],
    });
    const drafts = draftsOf(buildLog([twoFiles, buildResult('r', 'b.js', 1)]));
    expect(
      drafts.map((d) => [d.locations[0]?.uri, d.locations.map((l) => `${l.uri}:${l.startLine}`)]),
    ).toEqual([
      ['a.js', ['a.js:4', 'b.js:9']],
      ['b.js', ['b.js:1']],
    ]);
  });

  it('keeps a result that has no file location, without a file in the title', () => {
    const [draft] = draftsOf(
      buildLog([{ ruleId: 'dep/vulnerable', message: { text: 'lodash 4.17.4 is vulnerable.' } }]),
    );
    expect(draft?.title).toBe('dep/vulnerable: lodash 4.17.4 is vulnerable');
    expect(draft?.locations).toEqual([]);
    expect(draft?.description).toContain('- (no file location) — lodash 4.17.4 is vulnerable.');
  });
});

describe('messages and rules', () => {
  it('looks message ids up in the rule, then the tool, filling {n} placeholders', () => {
    const rules: ReportingDescriptor[] = [
      { id: 'taint', messageStrings: { default: { text: "Tainted value '{0}' reaches {1} {{sink}}." } } },
    ];
    const log = buildLog(
      [
        buildResult('taint', 'a.js', 1, {
          message: { id: 'default', arguments: ['req.query.q', 'res.send'] },
        }),
        buildResult('taint', 'a.js', 2, { message: { id: 'generic' } }),
      ],
      rules,
    );
    const driver = log.runs[0]?.tool.driver;
    if (driver) driver.globalMessageStrings = { generic: { text: '  Something tainted.  ' } };
    expect(draftsOf(log)[0]?.locations.map((l) => l.message)).toEqual([
      "Tainted value 'req.query.q' reaches res.send {sink}.",
      'Something tainted.',
    ]);
  });

  it('matches a hierarchical ruleId to its rule but keeps the full id', () => {
    const [draft] = draftsOf(
      buildLog(
        [buildResult('CA5350/md5', 'a.cs', 3)],
        [{ id: 'CA5350', shortDescription: { text: 'Do not use weak cryptographic algorithms' } }],
      ),
    );
    expect(draft?.ruleId).toBe('CA5350/md5');
    expect(draft?.description).toContain('Do not use weak cryptographic algorithms');
  });

  it('reads CWE from taxonomy relationships, CWE-style tags and result taxa', () => {
    const rules: ReportingDescriptor[] = [
      {
        id: 'CA1000',
        relationships: [
          { target: { id: '327', toolComponent: { name: 'CWE' } }, kinds: ['superset'] },
          { target: { id: 'OWASP-A02', toolComponent: { name: 'OWASP' } } },
        ],
      },
      { id: 'path', properties: { tags: ['security', 'CWE-022'], 'security-severity': 'high' } },
      { id: 'by-index', relationships: [{ target: { index: 1, toolComponent: { index: 0 } } }] },
    ];
    const log = buildLog(
      [
        buildResult('CA1000', 'a.c', 1),
        buildResult('path', 'a.c', 2),
        buildResult('by-index', 'a.c', 3),
        buildResult('plain', 'a.c', 4, { taxa: [{ id: 'CWE-0798', toolComponent: { name: 'CWE' } }] }),
      ],
      rules,
      { taxonomies: [{ name: 'CWE', taxa: [{ id: '20' }, { id: '78' }] }] },
    );
    expect(draftsOf(log).map((d) => [d.ruleId, d.cwe, d.securitySeverity])).toEqual([
      ['CA1000', 'CWE-327', undefined],
      ['path', 'CWE-22', undefined],
      ['by-index', 'CWE-78', undefined],
      ['plain', 'CWE-798', undefined],
    ]);
  });
});

describe('locations', () => {
  it('resolves chained uriBaseIds and artifact indexes, and keeps unknown bases relative', () => {
    const log = buildLog(
      [
        buildResult('r', 'a.js', 1, {
          locations: [
            { physicalLocation: { artifactLocation: { uri: 'lib/memory.c', uriBaseId: 'SRCROOT' } } },
          ],
        }),
        buildResult('r', 'b.js', 1, {
          locations: [{ physicalLocation: { artifactLocation: { uri: 'x.c', uriBaseId: 'ELSEWHERE' } } }],
        }),
        buildResult('r', 'c.js', 1, {
          locations: [{ physicalLocation: { artifactLocation: { index: 0 } } }],
        }),
        buildResult('r', 'd.js', 1, {
          locations: [{ physicalLocation: { artifactLocation: { uri: 'https://example.test/app.js' } } }],
        }),
      ],
      [],
      {
        originalUriBaseIds: {
          PROJECTROOT: { uri: 'file:///C:/code/TheProject/' },
          SRCROOT: { uri: 'src/', uriBaseId: 'PROJECTROOT' },
        },
        artifacts: [{ location: { uri: 'main.c', uriBaseId: 'SRCROOT' } }],
      },
    );
    expect(draftsOf(log).map((d) => d.locations[0]?.uri)).toEqual([
      'file:///C:/code/TheProject/src/lib/memory.c',
      'x.c',
      'file:///C:/code/TheProject/src/main.c',
      'https://example.test/app.js',
    ]);
  });

  it('fences a snippet so its own backticks cannot close the block', () => {
    const snippet = 'const s = ```;\n````not a fence';
    const [draft] = draftsOf(
      buildLog([
        buildResult('r', 'a.md', 1, {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'a.md' },
                region: { startLine: 1, snippet: { text: snippet } },
              },
            },
          ],
        }),
      ]),
    );
    expect(draft?.description).toContain('  `````\n  const s = ```;\n  ````not a fence\n  `````');
  });

  it('keeps odd file names inside their inline code', () => {
    const [draft] = draftsOf(buildLog([buildResult('r', 'we`ird.js', 2)]));
    expect(draft?.description).toContain('- ``we`ird.js:2`` — r at line 2');
  });
});

describe('titles and trimming', () => {
  it('cuts a long title at a word boundary, keeping the file', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const [draft] = draftsOf(
      buildLog([buildResult('long-rule', 'src/file.js', 1, { message: { text: words } })]),
    );
    const title = draft?.title ?? '';
    expect(title.length).toBeLessThanOrEqual(200);
    expect(title.endsWith('… (src/file.js)')).toBe(true);
    const kept = title.slice('long-rule: '.length, title.indexOf('…'));
    expect(words.startsWith(kept)).toBe(true);
    expect(words[kept.length]).toBe(' ');
  });

  it('trims strings from the log', () => {
    const log = buildLog([
      buildResult('  spaced  ', 'a.js', 1, { message: { text: '\n  Padded message.\t' } }),
    ]);
    const driver = log.runs[0]?.tool.driver;
    if (driver) {
      driver.name = '  Semgrep  ';
      driver.version = ' 1.90.0 ';
    }
    const [draft] = draftsOf(log);
    expect(draft?.ruleId).toBe('spaced');
    expect(draft?.provenance).toMatchObject({ toolName: 'Semgrep', toolVersion: '1.90.0' });
    expect(draft?.locations[0]?.message).toBe('Padded message.');
    expect(draft?.title).toBe('spaced: Padded message (a.js)');
  });
});
