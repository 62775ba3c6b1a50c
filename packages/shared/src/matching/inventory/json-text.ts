/**
 * JSON text for the JSON inventory formats: parsed once with the platform's JSON.parse and, only when
 * that fails, scanned again to say where (JSON.parse on Node 20 names no position for most syntax
 * errors), plus JSON pointers for problem locations (RFC 6901).
 */

export type JsonText = { ok: true; value: unknown } | { ok: false; location: string; message: string };

/** A JSON pointer from reference tokens, escaping `~` and `/` (RFC 6901 §3). */
export function pointer(...tokens: (string | number)[]): string {
  let out = '';
  for (const token of tokens) {
    const text = String(token);
    out +=
      '/' +
      (text.includes('~') || text.includes('/') ? text.replaceAll('~', '~0').replaceAll('/', '~1') : text);
  }
  return out;
}

/** Strips a UTF-8 byte order mark, which spreadsheet and Windows tools put before JSON and CSV alike. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseJsonText(text: string): JsonText {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const offset = firstSyntaxErrorOffset(text);
    const { line, column } = lineAndColumn(text, offset);
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'invalid JSON';
    return {
      ok: false,
      location: `line ${String(line)}, column ${String(column)}`,
      message: `Not valid JSON: ${offset >= text.length ? 'the text ends too early' : `syntax error at line ${String(line)}, column ${String(column)}`} (${reason ?? ''})`,
    };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * The offset of the first character at which `text` stops being JSON (RFC 8259), or text.length when
 * the text ends too early. Only used after JSON.parse failed, so it favours brevity over speed.
 */
const HEX_DIGIT = /^[0-9a-fA-F]$/;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/;

function firstSyntaxErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxAt(i);
  };
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] ?? '')) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      const ch = text[i];
      if (ch === undefined || ch < ' ') fail();
      if (ch === '"') break;
      if (ch === '\\') {
        i++;
        const escape = text[i];
        if (escape === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!HEX_DIGIT.test(text[i] ?? '')) fail();
          }
        } else if (escape === undefined || !'"\\/bfnrt'.includes(escape)) fail();
      }
      i++;
    }
    i++;
  };
  const number = () => {
    const match = NUMBER.exec(text.slice(i, i + 400));
    if (match === null || match[0] === '' || match[0] === '-') fail();
    i += match?.[0].length ?? 0;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (ch === '"') string();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else number();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length; // not reached when JSON.parse failed, but harmless
  } catch (error) {
    if (error instanceof SyntaxAt) return error.offset;
    return 0; // a stack overflow on absurd nesting: point at the start
  }
}

/** Thrown inside the scanner to unwind to the offset of the first error. */
class SyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at offset ${String(offset)}`);
  }
}
