import { parseListQuery, type FilterExpression } from '../../../../src/server/visibility/list-query-parser';
import { ListQueryError } from '../../../../src/server/visibility/list-query-tokenizer';

/** A compact rendering of the tree, so expectations show structure rather than positions. */
function show(expression: FilterExpression | undefined): string {
  if (expression === undefined) return '<none>';
  const value = (literal: { kind: string; value: unknown }): string =>
    literal.kind === 'string' ? JSON.stringify(literal.value) : String(literal.value);
  switch (expression.kind) {
    case 'and':
    case 'or':
      return `${expression.kind}(${expression.operands.map(show).join(', ')})`;
    case 'not':
      return `not(${show(expression.operand)})`;
    case 'comparison':
      return `${expression.attribute.name} ${expression.operator} ${value(expression.value)}`;
    case 'in':
      return `${expression.attribute.name} ${expression.negated ? 'NOT IN' : 'IN'} [${expression.values.map(value).join(', ')}]`;
    case 'between':
      return `${expression.attribute.name} ${expression.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${value(expression.low)}..${value(expression.high)}`;
    case 'startsWith':
      return `${expression.attribute.name} ${expression.negated ? 'NOT STARTS_WITH' : 'STARTS_WITH'} ${value(expression.prefix)}`;
    case 'isNull':
      return `${expression.attribute.name} IS ${expression.negated ? 'NOT NULL' : 'NULL'}`;
  }
}

function parseError(query: string): ListQueryError {
  try {
    parseListQuery(query);
  } catch (error) {
    if (error instanceof ListQueryError) return error;
    throw error;
  }
  throw new Error(`expected ${query} to be refused`);
}

describe('parseListQuery', () => {
  it('parses an empty or blank query as no filter', () => {
    expect(parseListQuery('')).toEqual({ groupBy: [], orderBy: [] });
    expect(parseListQuery('  \n ')).toEqual({ groupBy: [], orderBy: [] });
  });

  it('parses each kind of condition', () => {
    const cases: [string, string][] = [
      [`WorkflowId = 'a'`, 'WorkflowId = "a"'],
      ['HistoryLength != 3', 'HistoryLength != 3'],
      ['HistoryLength <> 3', 'HistoryLength != 3'],
      ['HistoryLength >= -2.5', 'HistoryLength >= -2.5'],
      [`WorkflowId IN ('a', "b")`, 'WorkflowId IN ["a", "b"]'],
      [`WorkflowId not in ('a')`, 'WorkflowId NOT IN ["a"]'],
      [
        `StartTime BETWEEN '2024-01-01T00:00:00Z' and '2024-02-01T00:00:00Z'`,
        'StartTime BETWEEN "2024-01-01T00:00:00Z".."2024-02-01T00:00:00Z"',
      ],
      ['HistoryLength NOT BETWEEN 1 AND 5', 'HistoryLength NOT BETWEEN 1..5'],
      [`WorkflowType starts_with 'order-'`, 'WorkflowType STARTS_WITH "order-"'],
      [`WorkflowType NOT STARTS_WITH 'order-'`, 'WorkflowType NOT STARTS_WITH "order-"'],
      ['CloseTime IS NULL', 'CloseTime IS NULL'],
      ['CloseTime is not null', 'CloseTime IS NOT NULL'],
      ['IsUrgent = TRUE', 'IsUrgent = true'],
      ['IsUrgent != false', 'IsUrgent != false'],
      ['`Custom Name` = "x"', 'Custom Name = "x"'],
    ];
    for (const [query, expected] of cases) expect(show(parseListQuery(query).filter)).toBe(expected);
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(show(parseListQuery('A = 1 OR B = 2 AND NOT C = 3').filter)).toBe('or(A = 1, and(B = 2, not(C = 3)))');
    expect(show(parseListQuery('NOT A = 1 AND B = 2').filter)).toBe('and(not(A = 1), B = 2)');
  });

  it('lets parentheses override precedence and flattens chains of one operator', () => {
    expect(show(parseListQuery('(A = 1 OR B = 2) AND C = 3 AND (D = 4)').filter)).toBe(
      'and(or(A = 1, B = 2), C = 3, D = 4)',
    );
    expect(show(parseListQuery('NOT (A = 1 OR B = 2)').filter)).toBe('not(or(A = 1, B = 2))');
    expect(show(parseListQuery('((A = 1))').filter)).toBe('A = 1');
  });

  it('does not confuse the AND of BETWEEN with a logical AND', () => {
    expect(show(parseListQuery('A BETWEEN 1 AND 2 AND B = 3').filter)).toBe('and(A BETWEEN 1..2, B = 3)');
  });

  it('reads keywords in any case but keeps attribute names as written', () => {
    const syntax = parseListQuery(`workflowId = 'a' aNd WorkflowId Is NoT nUlL order BY StartTime desc`);
    expect(show(syntax.filter)).toBe('and(workflowId = "a", WorkflowId IS NOT NULL)');
    expect(syntax.orderBy.map((item) => `${item.attribute.name} ${item.direction}`)).toEqual(['StartTime DESC']);
  });

  it('parses ORDER BY lists, defaulting to ascending', () => {
    const syntax = parseListQuery('ExecutionStatus = "Running" ORDER BY StartTime DESC, WorkflowId, `Custom Name` ASC');
    expect(syntax.orderBy.map((item) => `${item.attribute.name} ${item.direction}`)).toEqual([
      'StartTime DESC',
      'WorkflowId ASC',
      'Custom Name ASC',
    ]);
  });

  it('parses GROUP BY and ORDER BY without a filter', () => {
    expect(parseListQuery('GROUP BY ExecutionStatus')).toEqual({
      groupBy: [{ name: 'ExecutionStatus', position: 10 }],
      orderBy: [],
    });
    expect(parseListQuery('order by StartTime').filter).toBeUndefined();
    expect(parseListQuery('WorkflowType = "x" GROUP BY ExecutionStatus').groupBy).toHaveLength(1);
  });

  it('keeps attribute positions for later errors', () => {
    const filter = parseListQuery(`WorkflowId = 'a' AND Foo = 1`).filter;
    expect(filter?.kind === 'and' && filter.operands[1]?.kind === 'comparison' && filter.operands[1].attribute).toEqual(
      { name: 'Foo', position: 22 },
    );
  });

  it('lets attributes be named Order or Group when not followed by BY', () => {
    expect(show(parseListQuery('Order = "x" AND Group = "y"').filter)).toBe('and(Order = "x", Group = "y")');
  });

  it('refuses reserved words as bare attribute names, but accepts them backticked', () => {
    expect(parseError('AND = 1').message).toBe(
      'invalid query: expected a search attribute name where a condition should start but found AND at position 1',
    );
    expect(show(parseListQuery('`AND` = 1').filter)).toBe('AND = 1');
  });

  it('refuses operators List Filters do not support', () => {
    expect(parseError(`WorkflowId LIKE 'a%'`).message).toBe(
      'invalid query: operator LIKE is not supported (List Filters support =, !=, <, <=, >, >=, IN, BETWEEN, STARTS_WITH, IS NULL) at position 12',
    );
    expect(parseError(`WorkflowId NOT LIKE 'a%'`).problem).toMatch(/^operator NOT LIKE is not supported/);
    expect(parseError(`WorkflowId REGEXP 'a.*'`).problem).toMatch(/^operator REGEXP is not supported/);
    expect(parseError('CloseTime IS TRUE').problem).toBe('expected NULL after IS but found TRUE');
  });

  it('refuses clauses List Filters do not have', () => {
    expect(parseError('WorkflowId = "a" LIMIT 10').message).toBe(
      'invalid query: LIMIT is not supported in a List Filter at position 18',
    );
    expect(parseError('WHERE WorkflowId = "a"').problem).toBe('a List Filter is only the condition; leave out WHERE');
    expect(parseError('ORDER BY StartTime GROUP BY ExecutionStatus').problem).toBe(
      'GROUP BY must come before ORDER BY',
    );
  });

  it('refuses comparisons with NULL, unquoted values and attribute-to-attribute comparisons', () => {
    expect(parseError('CloseTime = NULL').problem).toBe('NULL cannot be compared with; use IS NULL or IS NOT NULL');
    expect(parseError('WorkflowId = abc').problem).toBe(
      'expected a value after = but found "abc" (quote string values)',
    );
    expect(parseError('WorkflowId = `RunId`').problem).toMatch(/^expected a value after = but found `RunId`/);
  });

  it('reports malformed structure with the position of the offending token', () => {
    expect(parseError('WorkflowId').message).toBe(
      'invalid query: expected an operator after "WorkflowId" but found the end of the query at position 11',
    );
    expect(parseError('WorkflowId =').position).toBe(13);
    expect(parseError('(WorkflowId = "a"').problem).toBe(
      'expected ")" to close the parenthesis but found the end of the query',
    );
    expect(parseError('WorkflowId = "a")').problem).toBe(
      'unexpected ")"; expected AND, OR, GROUP BY, ORDER BY or the end of the query',
    );
    expect(parseError('WorkflowId = "a" RunId = "b"').position).toBe(18);
    expect(parseError('WorkflowId IN ()').problem).toBe('expected a value in the IN list but found ")"');
    expect(parseError('WorkflowId IN "a"').problem).toBe('expected "(" after IN but found string "a"');
    expect(parseError('HistoryLength BETWEEN 1 OR 2').problem).toBe(
      'expected AND after the BETWEEN lower bound but found OR',
    );
    expect(parseError('WorkflowId NOT = "a"').problem).toBe(
      'expected IN, BETWEEN or STARTS_WITH after "WorkflowId NOT" but found "="',
    );
    expect(parseError('A = 1 AND').position).toBe(10);
    expect(parseError('()').problem).toBe(
      'expected a search attribute name where a condition should start but found ")"',
    );
    expect(parseError('ORDER BY').problem).toBe(
      'expected a search attribute name after ORDER BY but found the end of the query',
    );
    expect(parseError('ORDER BY StartTime DESC StartTime').problem).toBe(
      'unexpected "StartTime"; expected ",", ASC, DESC or the end of the query',
    );
  });
});
