/**
 * Splits a Temporal List Filter (the `query` of ListWorkflowExecutions / CountWorkflowExecutions) into
 * tokens, and defines the error every stage of the list-query compiler throws.
 */

/**
 * A query the server refuses. `position` is 1-based: the first character of the query is position 1,
 * and position `query.length + 1` means "at the end".
 */
export class ListQueryError extends Error {
  override readonly name = 'ListQueryError';

  constructor(
    readonly problem: string,
    readonly position: number,
  ) {
    super(`invalid query: ${problem} at position ${position}`);
  }
}

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Token =
  /** A bare word: a keyword (matched case-insensitively by the parser) or an attribute name. */
  | { kind: 'word'; text: string; position: number }
  /** A `backtick quoted` attribute name, unescaped. */
  | { kind: 'quotedName'; text: string; position: number }
  /** A single- or double-quoted string literal, unescaped. */
  | { kind: 'string'; value: string; position: number }
  /** A numeric literal as written, sign included, so integers beyond 2^53 keep every digit. */
  | { kind: 'number'; text: string; position: number }
  | { kind: 'operator'; operator: ComparisonOperator; position: number }
  | { kind: 'punctuation'; text: '(' | ')' | ','; position: number }
  | { kind: 'end'; position: number };

/** MySQL-style backslash escapes, as Temporal's SQL parser reads them; any other `\x` stands for `x`. */
const BACKSLASH_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b' };

/** Spellings from other languages that people try; each gets an error naming the supported form. */
const MISTAKEN_OPERATORS: readonly [string, string][] = [
  ['<=>', 'operator "<=>" is not supported; use = or IS NULL'],
  ['==', 'operator "==" is not supported; use ='],
  ['&&', 'operator "&&" is not supported; use AND'],
  ['||', 'operator "||" is not supported; use OR'],
];

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const WHITESPACE = /\s/;
const NUMBER_AT = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;

export function tokenizeListQuery(query: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;

  while (index < query.length) {
    const char = query[index]!;
    const position = index + 1;

    if (WHITESPACE.test(char)) {
      index += 1;
      continue;
    }

    const mistaken = MISTAKEN_OPERATORS.find(([spelling]) => query.startsWith(spelling, index));
    if (mistaken) throw new ListQueryError(mistaken[1], position);

    if (WORD_START.test(char)) {
      let end = index + 1;
      while (end < query.length && WORD_PART.test(query[end]!)) end += 1;
      tokens.push({ kind: 'word', text: query.slice(index, end), position });
      index = end;
      continue;
    }

    const next = query[index + 1];
    const startsNumber =
      DIGIT.test(char) ||
      (char === '.' && next !== undefined && DIGIT.test(next)) ||
      ((char === '-' || char === '+') && next !== undefined && (DIGIT.test(next) || next === '.'));
    if (startsNumber) {
      const match = NUMBER_AT.exec(query.slice(index));
      if (!match) throw new ListQueryError(`malformed number`, position);
      const end = index + match[0].length;
      if (end < query.length && WORD_PART.test(query[end]!)) {
        throw new ListQueryError(`malformed number "${query.slice(index, end + 1)}"`, position);
      }
      tokens.push({ kind: 'number', text: match[0], position });
      index = end;
      continue;
    }

    if (char === "'" || char === '"') {
      const { value, end } = readQuoted(query, index, char, 'string literal');
      tokens.push({ kind: 'string', value, position });
      index = end;
      continue;
    }

    if (char === '`') {
      const { value, end } = readQuoted(query, index, '`', 'quoted attribute name');
      if (value === '') throw new ListQueryError('empty quoted attribute name', position);
      tokens.push({ kind: 'quotedName', text: value, position });
      index = end;
      continue;
    }

    const twoChars = query.slice(index, index + 2);
    if (twoChars === '!=' || twoChars === '<>' || twoChars === '<=' || twoChars === '>=') {
      tokens.push({ kind: 'operator', operator: twoChars === '<>' ? '!=' : twoChars, position });
      index += 2;
      continue;
    }
    if (char === '=' || char === '<' || char === '>') {
      tokens.push({ kind: 'operator', operator: char, position });
      index += 1;
      continue;
    }
    if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punctuation', text: char, position });
      index += 1;
      continue;
    }

    throw new ListQueryError(`unexpected character ${JSON.stringify(char)}`, position);
  }

  tokens.push({ kind: 'end', position: query.length + 1 });
  return tokens;
}

/**
 * Reads from the opening quote at `start` to its closing twin. A doubled quote stands for one quote;
 * inside string literals (not backtick names) a backslash escapes the next character.
 */
function readQuoted(query: string, start: number, quote: string, what: string): { value: string; end: number } {
  let value = '';
  let index = start + 1;
  while (index < query.length) {
    const char = query[index]!;
    if (char === quote) {
      if (query[index + 1] === quote) {
        value += quote;
        index += 2;
        continue;
      }
      return { value, end: index + 1 };
    }
    if (char === '\\' && quote !== '`') {
      const escaped = query[index + 1];
      if (escaped === undefined) break;
      value += BACKSLASH_ESCAPES[escaped] ?? escaped;
      index += 2;
      continue;
    }
    value += char;
    index += 1;
  }
  throw new ListQueryError(`unterminated ${what} (missing closing ${quote})`, start + 1);
}
