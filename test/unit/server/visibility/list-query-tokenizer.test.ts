import { ListQueryError, tokenizeListQuery, type Token } from '../../../../src/server/visibility/list-query-tokenizer';

function kindsAndTexts(query: string): string[] {
  return tokenizeListQuery(query).map((token: Token) => {
    switch (token.kind) {
      case 'word':
      case 'quotedName':
        return `${token.kind}:${token.text}`;
      case 'string':
        return `string:${token.value}`;
      case 'number':
        return `number:${token.text}`;
      case 'operator':
        return `operator:${token.operator}`;
      case 'punctuation':
        return `punctuation:${token.text}`;
      case 'end':
        return 'end';
    }
  });
}

function errorOf(query: string): ListQueryError {
  try {
    tokenizeListQuery(query);
  } catch (error) {
    if (error instanceof ListQueryError) return error;
    throw error;
  }
  throw new Error(`expected ${query} to be refused`);
}

describe('tokenizeListQuery', () => {
  it('splits words, operators, literals and punctuation, with 1-based positions', () => {
    const tokens = tokenizeListQuery(`WorkflowId = 'a' AND HistoryLength>=10`);
    expect(tokens).toEqual([
      { kind: 'word', text: 'WorkflowId', position: 1 },
      { kind: 'operator', operator: '=', position: 12 },
      { kind: 'string', value: 'a', position: 14 },
      { kind: 'word', text: 'AND', position: 18 },
      { kind: 'word', text: 'HistoryLength', position: 22 },
      { kind: 'operator', operator: '>=', position: 35 },
      { kind: 'number', text: '10', position: 37 },
      { kind: 'end', position: 39 },
    ]);
  });

  it('reads every comparison operator and treats <> as !=', () => {
    expect(kindsAndTexts('= != <> < <= > >=')).toEqual([
      'operator:=',
      'operator:!=',
      'operator:!=',
      'operator:<',
      'operator:<=',
      'operator:>',
      'operator:>=',
      'end',
    ]);
  });

  it('reads words with underscores, so STARTS_WITH is one word', () => {
    expect(kindsAndTexts('WorkflowId STARTS_WITH "x"')).toEqual([
      'word:WorkflowId',
      'word:STARTS_WITH',
      'string:x',
      'end',
    ]);
  });

  it('reads signed, fractional and exponent numbers, keeping their text', () => {
    expect(kindsAndTexts('1 -2 +3 4.5 .5 6e3 -7.25E-2 1700000000123456789')).toEqual([
      'number:1',
      'number:-2',
      'number:+3',
      'number:4.5',
      'number:.5',
      'number:6e3',
      'number:-7.25E-2',
      'number:1700000000123456789',
      'end',
    ]);
  });

  it('unescapes string literals in either quote', () => {
    expect(kindsAndTexts(`'it''s' "say ""hi""" 'a\\'b' "c\\"d" 'back\\\\slash' 'tab\\tnew\\nline' '\\q'`)).toEqual([
      "string:it's",
      'string:say "hi"',
      "string:a'b",
      'string:c"d',
      'string:back\\slash',
      'string:tab\tnew\nline',
      'string:q',
      'end',
    ]);
  });

  it('keeps the other quote and SQL-looking text inside a string verbatim', () => {
    expect(kindsAndTexts(`"it's" '"; DROP TABLE executions; --'`)).toEqual([
      "string:it's",
      'string:"; DROP TABLE executions; --',
      'end',
    ]);
  });

  it('reads backtick-quoted attribute names, with `` for a backtick', () => {
    expect(kindsAndTexts('`Custom Name` `a``b`')).toEqual(['quotedName:Custom Name', 'quotedName:a`b', 'end']);
  });

  it('refuses unterminated strings and names at their opening quote', () => {
    expect(errorOf(`WorkflowId = 'abc`).message).toBe(
      "invalid query: unterminated string literal (missing closing ') at position 14",
    );
    expect(errorOf('`Custom = 1').position).toBe(1);
    expect(errorOf(`A = 'ends with backslash\\`).position).toBe(5);
  });

  it('refuses characters and operators that List Filters do not have', () => {
    expect(errorOf('A = 1 ; B = 2').message).toBe('invalid query: unexpected character ";" at position 7');
    expect(errorOf('A == 1').message).toBe('invalid query: operator "==" is not supported; use = at position 3');
    expect(errorOf('A = 1 && B = 2').problem).toMatch(/use AND/);
    expect(errorOf('A = 1 || B = 2').problem).toMatch(/use OR/);
    expect(errorOf('A <=> 1').problem).toMatch(/"<=>" is not supported/);
    expect(errorOf('A = 12abc').problem).toMatch(/malformed number "12a"/);
    expect(errorOf('``').problem).toBe('empty quoted attribute name');
  });

  it('ends with an end token even for an empty query', () => {
    expect(tokenizeListQuery('   ')).toEqual([{ kind: 'end', position: 4 }]);
  });
});
