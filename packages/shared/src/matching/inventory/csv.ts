/**
 * A plain spreadsheet (CSV) → inventory components, for operators without an SBOM tool: one row per
 * product they run. RFC 4180 parsing is csv-parse's; this file maps the columns and locates problems.
 *
 * - A header row is required. Columns are recognized by name, case-insensitively, spaces, `_` and `-`
 *   alike (CSV_COLUMN_NAMES); other columns are ignored.
 * - The delimiter is `,`, or `;` (European spreadsheets) or a tab when the header has no comma.
 * - A UTF-8 byte order mark, CRLF line ends and blank rows are tolerated; a stray quote inside an
 *   unquoted field is taken literally (`12" display`), as spreadsheets mean it.
 * - Each row needs a product name or a purl; a purl alone gives the name (the purl's name) and version.
 * - Locations are `line N` or `line N, column <header as written>`.
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { ParsedInventory } from '../types.js';
import { ComponentCollector, ProblemList, type IdentityField } from './collect.js';
import { withoutBom } from './json-text.js';

/** Accepted header names per field (compared after normalizeHeader). */
export const CSV_COLUMN_NAMES: Record<IdentityField, readonly string[]> = {
  vendor: ['vendor', 'manufacturer', 'supplier', 'maker'],
  name: ['product', 'name', 'component', 'product name', 'component name'],
  version: ['version', 'firmware version', 'software version', 'version number'],
  purl: ['purl', 'package url'],
  cpe: ['cpe', 'cpe name', 'cpe 2.3'],
  modelNumber: ['model', 'model number', 'model no', 'model no.', 'model #'],
  site: ['site', 'location', 'facility'],
};

const FIELD_BY_HEADER = new Map<string, IdentityField>(
  (Object.entries(CSV_COLUMN_NAMES) as [IdentityField, readonly string[]][]).flatMap(([field, names]) =>
    names.map((name) => [name, field] as const),
  ),
);
const SEPARATORS = /[\s_-]+/g;
const LINE_SUFFIX = / at line \d+/;
const OUTER_LINE_BREAKS = /^[\r\n]+|[\r\n]+$/g;

function normalizeHeader(header: string): string {
  return header.trim().toLowerCase().replace(SEPARATORS, ' ');
}

/** The delimiter of the header line: `,` unless it has none and has `;` or a tab. */
function detectDelimiter(text: string): string {
  const newline = text.search(/\r|\n/);
  const header = newline < 0 ? text : text.slice(0, newline);
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  if (header.includes('\t')) return '\t';
  return ',';
}

interface Columns {
  /** Column index per recognized field. */
  index: Partial<Record<IdentityField, number>>;
  /** The header as the operator wrote it, per field, for locations. */
  label: Partial<Record<IdentityField, string>>;
}

function mapColumns(header: string[], problems: ProblemList): Columns {
  const columns: Columns = { index: {}, label: {} };
  header.forEach((raw, i) => {
    const field = FIELD_BY_HEADER.get(normalizeHeader(raw));
    if (field === undefined) return;
    const earlier = columns.label[field];
    if (earlier !== undefined) {
      problems.warning(
        `line 1, column ${raw.trim()}`,
        `columns "${earlier}" and "${raw.trim()}" mean the same; "${earlier}" is used`,
      );
      return;
    }
    columns.index[field] = i;
    columns.label[field] = raw.trim();
  });
  return columns;
}

function hasIdentifyingColumn(columns: Columns): boolean {
  return columns.index.name !== undefined || columns.index.purl !== undefined;
}

interface Row {
  record: string[];
  line: number;
}

/**
 * Parses the CSV into records with the line each starts on. csv-parse reports where a record ends
 * and counts a CRLF inside a quoted field twice, so lines are counted here: each record's raw text is
 * found in the input, from where the previous one ended.
 */
function readRows(text: string, problems: ProblemList): Row[] {
  const rows: Row[] = [];
  let cursor = 0;
  let line = 1;
  const advanceTo = (offset: number) => {
    for (let i = cursor; i < offset; i++) if (text.charCodeAt(i) === 0x0a) line++;
    cursor = offset;
  };
  const syntaxErrors: CsvError[] = [];
  let records: { record: string[]; raw: string }[];
  try {
    // With `raw`, each record comes as { record, raw }; csv-parse's sync typings only model arrays.
    records = parse(text, {
      delimiter: detectDelimiter(text),
      raw: true,
      trim: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error !== undefined) syntaxErrors.push(error);
      },
    }) as unknown as { record: string[]; raw: string }[];
  } catch (error) {
    if (error instanceof CsvError) syntaxErrors.push(error);
    else problems.error('line 1', `Not a readable CSV file: ${String(error)}`);
    records = [];
  }
  for (const { record, raw: rawWithBreaks } of records) {
    // csv-parse's raw may carry line breaks of the rows around it; the row's own text is in between.
    const raw = rawWithBreaks.replace(OUTER_LINE_BREAKS, '');
    let start = text.indexOf(raw, cursor);
    // A record starts a line; a match inside a skipped row is not it.
    while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r')
      start = text.indexOf(raw, start + 1);
    if (start < 0) start = cursor;
    advanceTo(start);
    rows.push({ record, line });
    advanceTo(start + raw.length);
  }
  for (const error of syntaxErrors) {
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      // csv-parse names the last line; the operator needs the line where the quote opened, which is
      // the first one after the last record read.
      const next = text.slice(cursor).search(/\S/);
      advanceTo(next < 0 ? text.length : cursor + next);
      problems.error(
        `line ${String(line)}`,
        'CSV syntax: a quoted field that starts on this line is never closed',
      );
    } else {
      const lines = (error as CsvError & { lines?: unknown }).lines;
      const where = typeof lines === 'number' ? `line ${String(lines)}` : 'line 1';
      problems.error(where, `CSV syntax: ${error.message.replace(LINE_SUFFIX, '')}`);
    }
  }
  return rows;
}

export function parseCsv(text: string): ParsedInventory {
  const collector = new ComponentCollector();
  const problems = collector.problems;
  const rows = readRows(withoutBom(text), problems);
  const header = rows[0];
  if (header === undefined) {
    if (problems.errorCount === 0)
      problems.error('line 1', 'The file is empty: a CSV inventory starts with a header row.');
    return collector.finish('csv', null);
  }
  const columns = mapColumns(header.record, problems);
  if (!hasIdentifyingColumn(columns)) {
    problems.error(
      `line ${String(header.line)}`,
      `No product column: the header needs a column named product, name or component (or purl); found ${header.record.map((h) => `"${h}"`).join(', ')}`,
    );
    return collector.finish('csv', null);
  }
  for (let r = 1; r < rows.length && !collector.isFull; r++) {
    const row = rows[r];
    if (row === undefined) continue;
    const value = (field: IdentityField): string | null => {
      const i = columns.index[field];
      return i === undefined ? null : (row.record[i] ?? null);
    };
    const at = `line ${String(row.line)}`;
    const name = value('name');
    const purl = value('purl');
    if ((name === null || name === '') && (purl === null || purl === '')) {
      problems.error(at, 'the row has no product name and no purl');
      continue;
    }
    collector.add(
      {
        name,
        vendor: value('vendor'),
        version: value('version'),
        purl,
        cpe: value('cpe'),
        modelNumber: value('modelNumber'),
        site: value('site'),
        hashes: [],
      },
      (field) => {
        const label = field === undefined ? undefined : columns.label[field];
        return label === undefined ? at : `${at}, column ${label}`;
      },
      { nameFromPurl: true },
    );
  }
  return collector.finish('csv', null);
}

/** True when the first row reads as an inventory header (a product, name, component or purl column). */
export function looksLikeInventoryCsv(text: string): boolean {
  const body = withoutBom(text);
  const newline = body.search(/\r?\n/);
  const firstLine = newline < 0 ? body : body.slice(0, newline);
  const probe = new ProblemList();
  const rows = readRows(firstLine, probe);
  const header = rows[0];
  return header !== undefined && hasIdentifyingColumn(mapColumns(header.record, probe));
}
