import {
  compileListQuery,
  DEFAULT_ORDER_BY,
  ListQueryError,
  type SearchAttributeDefinition,
} from '../../../../src/server/visibility';
import { parseRfc3339 } from '../../../../src/server/visibility/list-query-sql';

const CUSTOM: SearchAttributeDefinition[] = [
  { name: 'CustomerId', type: 'Keyword' },
  { name: 'Priority', type: 'Int' },
  { name: 'Score', type: 'Double' },
  { name: 'IsUrgent', type: 'Bool' },
  { name: 'Due', type: 'Datetime' },
  { name: 'Tags', type: 'KeywordList' },
  { name: 'Description', type: 'Text' },
  { name: 'Custom Name', type: 'Keyword' },
  { name: "O'Brien", type: 'Keyword' },
];

const compile = (query: string) => compileListQuery(query, CUSTOM);

function compileError(query: string): ListQueryError {
  try {
    compile(query);
  } catch (error) {
    if (error instanceof ListQueryError) return error;
    throw error;
  }
  throw new Error(`expected ${query} to be refused`);
}

const JAN_1_2024 = Date.UTC(2024, 0, 1);

describe('compileListQuery: filters', () => {
  it('compiles an empty query to no filter and the default order', () => {
    expect(compile('')).toEqual({ where: '1=1', params: [], orderBy: DEFAULT_ORDER_BY });
    expect(DEFAULT_ORDER_BY).toBe('start_time DESC, run_id DESC');
  });

  it('maps built-in Keyword attributes to their columns', () => {
    const columns: [string, string][] = [
      ['WorkflowId', 'workflow_id'],
      ['RunId', 'run_id'],
      ['WorkflowType', 'workflow_type'],
      ['TaskQueue', 'task_queue'],
      ['ParentWorkflowId', 'parent_workflow_id'],
      ['ParentRunId', 'parent_run_id'],
      ['RootWorkflowId', 'root_workflow_id'],
    ];
    for (const [attribute, column] of columns) {
      expect(compile(`${attribute} = 'v'`)).toMatchObject({ where: `${column} = ?`, params: ['v'] });
    }
  });

  it('binds every value as a parameter, never splicing it into the SQL', () => {
    const hostile = `x'; DROP TABLE executions; --`;
    const compiled = compile(`WorkflowId = "${hostile}" OR CustomerId IN ("${hostile}")`);
    expect(compiled.where).toBe(`(workflow_id = ? OR json_extract(search_attributes, '$."CustomerId"') IN (?))`);
    expect(compiled.params).toEqual([hostile, hostile]);
  });

  it('compiles every comparison operator', () => {
    for (const operator of ['=', '!=', '<', '<=', '>', '>=']) {
      expect(compile(`HistoryLength ${operator} 10`)).toMatchObject({
        where: `history_length ${operator} ?`,
        params: [10],
      });
    }
    expect(compile('HistoryLength <> 10').where).toBe('history_length != ?');
  });

  it('compiles ExecutionStatus names to status numbers, accepting the numbers too', () => {
    expect(compile('ExecutionStatus = "Running"')).toMatchObject({ where: 'status = ?', params: [1] });
    expect(compile(`ExecutionStatus != 'Completed'`)).toMatchObject({ where: 'status != ?', params: [2] });
    expect(
      compile('ExecutionStatus IN ("Failed", "Canceled", "Terminated", "ContinuedAsNew", "TimedOut")'),
    ).toMatchObject({
      where: 'status IN (?, ?, ?, ?, ?)',
      params: [3, 4, 5, 6, 7],
    });
    expect(compile('ExecutionStatus = 3').params).toEqual([3]);
  });

  it('compiles Datetime literals to milliseconds since the epoch', () => {
    expect(compile('StartTime > "2024-01-01T00:00:00Z"')).toMatchObject({
      where: 'start_time > ?',
      params: [JAN_1_2024],
    });
    expect(compile('CloseTime <= "2024-01-01T01:30:00+01:30"').params).toEqual([JAN_1_2024]);
    expect(compile('ExecutionTime = "2023-12-31T16:00:00.250-08:00"').params).toEqual([JAN_1_2024 + 250]);
    expect(compile('Due >= "2024-01-01T00:00:00Z"')).toMatchObject({
      where: `json_extract(search_attributes, '$."Due"') >= ?`,
      params: [JAN_1_2024],
    });
  });

  it('reads integer Datetime literals as Unix nanoseconds, as Temporal does', () => {
    expect(compile('StartTime >= 1704067200000000000').params).toEqual([JAN_1_2024]);
    expect(compile('StartTime >= 1704067200000500000').params).toEqual([JAN_1_2024 + 0.5]);
  });

  it('compiles BETWEEN and NOT BETWEEN', () => {
    expect(compile('StartTime BETWEEN "2024-01-01T00:00:00Z" AND "2024-01-02T00:00:00Z"')).toMatchObject({
      where: 'start_time BETWEEN ? AND ?',
      params: [JAN_1_2024, JAN_1_2024 + 86_400_000],
    });
    expect(compile('Priority NOT BETWEEN 1 AND 3')).toMatchObject({
      where: `json_extract(search_attributes, '$."Priority"') NOT BETWEEN ? AND ?`,
      params: [1, 3],
    });
    expect(compile('WorkflowId BETWEEN "order-" AND "order-~"').params).toEqual(['order-', 'order-~']);
  });

  it('compiles IN and NOT IN', () => {
    expect(compile(`WorkflowType IN ('a', 'b')`)).toMatchObject({
      where: 'workflow_type IN (?, ?)',
      params: ['a', 'b'],
    });
    expect(compile('Score NOT IN (1.5, 2)')).toMatchObject({
      where: `json_extract(search_attributes, '$."Score"') NOT IN (?, ?)`,
      params: [1.5, 2],
    });
  });

  it('compiles STARTS_WITH as an exact, case-sensitive prefix test without LIKE', () => {
    expect(compile('WorkflowType STARTS_WITH "order_%"')).toEqual({
      where: '(workflow_type >= ? AND substr(workflow_type, 1, ?) = ?)',
      params: ['order_%', 7, 'order_%'],
      orderBy: DEFAULT_ORDER_BY,
    });
    expect(compile('CustomerId NOT STARTS_WITH "é"')).toMatchObject({
      where: `NOT (json_extract(search_attributes, '$."CustomerId"') >= ? AND substr(json_extract(search_attributes, '$."CustomerId"'), 1, ?) = ?)`,
      params: ['é', 1, 'é'],
    });
  });

  it('compiles IS NULL and IS NOT NULL', () => {
    expect(compile('CloseTime IS NULL')).toMatchObject({ where: 'close_time IS NULL', params: [] });
    expect(compile('Tags IS NOT NULL').where).toBe(`json_extract(search_attributes, '$."Tags"') IS NOT NULL`);
  });

  it('compiles Bool values to the 1 and 0 that json_extract returns', () => {
    expect(compile('IsUrgent = true')).toMatchObject({
      where: `json_extract(search_attributes, '$."IsUrgent"') = ?`,
      params: [1],
    });
    expect(compile('IsUrgent IN (FALSE)').params).toEqual([0]);
  });

  it('compiles KeywordList conditions to membership tests over json_each', () => {
    const membership = `SELECT 1 FROM json_each(search_attributes, '$."Tags"') WHERE value`;
    expect(compile('Tags = "a"')).toMatchObject({ where: `EXISTS (${membership} = ?)`, params: ['a'] });
    expect(compile('Tags != "a"').where).toBe(`NOT EXISTS (${membership} = ?)`);
    expect(compile('Tags IN ("a", "b")')).toMatchObject({
      where: `EXISTS (${membership} IN (?, ?))`,
      params: ['a', 'b'],
    });
    expect(compile('Tags NOT IN ("a")').where).toBe(`NOT EXISTS (${membership} IN (?))`);
  });

  it('compiles Text conditions to a word match with the words bound as one JSON array', () => {
    const compiled = compile('Description = "Foo-bar baz"');
    expect(compiled.where).toMatch(/^EXISTS \(SELECT 1 FROM json_each\(\?\) WHERE ' ' \|\| REPLACE\(/);
    expect(compiled.where).toContain(`json_extract(search_attributes, '$."Description"')`);
    expect(compiled.params).toEqual([JSON.stringify(['Foo', 'bar', 'baz'])]);
    expect(compiled.where.split('?')).toHaveLength(2);
    expect(compile('Description != "x"').where).toMatch(/^NOT EXISTS \(/);
  });

  it('quotes custom attribute names inside the JSON path', () => {
    expect(compile('`Custom Name` = "x"').where).toBe(`json_extract(search_attributes, '$."Custom Name"') = ?`);
    expect(compile("`O'Brien` = 'x'").where).toBe(`json_extract(search_attributes, '$."O''Brien"') = ?`);
  });

  it('parenthesises AND, OR and NOT so the clause nests safely', () => {
    expect(compile('WorkflowId = "a" AND (RunId = "b" OR NOT HistoryLength > 3)')).toMatchObject({
      where: '(workflow_id = ? AND (run_id = ? OR NOT (history_length > ?)))',
      params: ['a', 'b', 3],
    });
  });

  it('orders parameters as their placeholders appear', () => {
    const compiled = compile(
      'Tags IN ("t1", "t2") AND WorkflowType STARTS_WITH "p" AND StartTime BETWEEN 0 AND 1000000 OR ExecutionStatus = "Failed"',
    );
    expect(compiled.where.split('?')).toHaveLength(compiled.params.length + 1);
    expect(compiled.params).toEqual(['t1', 't2', 'p', 1, 'p', 0, 1, 3]);
  });

  it('compiles the examples from the List Filter documentation', () => {
    const examples = [
      `WorkflowType = "main.YourWorkflowDefinition" and ExecutionStatus != "Running" and (StartTime > "2021-06-07T16:46:34.236-08:00" or CloseTime > "2021-06-07T16:46:34-08:00")`,
      `WorkflowId = '<workflow-id>' or WorkflowId = '<another-workflow-id>'`,
      `WorkflowId IN ('<workflow-id>', '<another-workflow-id>')`,
      `WorkflowId = '<workflow-id>' and StartTime > '2021-08-22T15:04:05+00:00'`,
      `ExecutionTime between '2021-08-22T15:04:05+00:00' and '2021-08-28T15:04:05+00:00'`,
      `WorkflowType STARTS_WITH '<workflow-type-prefix>'`,
    ];
    for (const example of examples) expect(() => compile(example)).not.toThrow();
    expect(compile(examples[0]!).params).toEqual([
      'main.YourWorkflowDefinition',
      1,
      Date.parse('2021-06-07T16:46:34.236-08:00'),
      Date.parse('2021-06-07T16:46:34-08:00'),
    ]);
  });
});

describe('compileListQuery: ORDER BY and GROUP BY', () => {
  it('orders by the requested attributes, then by run id so pages are stable', () => {
    expect(compile('ORDER BY StartTime ASC, Priority DESC').orderBy).toBe(
      `start_time ASC, json_extract(search_attributes, '$."Priority"') DESC, run_id DESC`,
    );
    expect(compile('WorkflowId = "a" ORDER BY CloseTime').orderBy).toBe('close_time ASC, run_id DESC');
    expect(compile('ORDER BY RunId ASC').orderBy).toBe('run_id ASC');
    expect(compile('ORDER BY ExecutionStatus').orderBy).toBe('status ASC, run_id DESC');
  });

  it('groups by ExecutionStatus only', () => {
    expect(compile('GROUP BY ExecutionStatus')).toEqual({
      where: '1=1',
      params: [],
      orderBy: DEFAULT_ORDER_BY,
      groupBy: 'ExecutionStatus',
    });
    expect(compile('WorkflowType = "x" group by ExecutionStatus')).toMatchObject({
      where: 'workflow_type = ?',
      groupBy: 'ExecutionStatus',
    });
    expect(compile('WorkflowType = "x"').groupBy).toBeUndefined();
    expect(compileError('GROUP BY WorkflowType').message).toBe(
      'invalid query: GROUP BY supports only ExecutionStatus, not "WorkflowType" at position 10',
    );
    expect(compileError('GROUP BY ExecutionStatus, WorkflowType').problem).toBe('GROUP BY takes a single attribute');
    expect(compileError('GROUP BY Nope').problem).toBe('unknown search attribute "Nope"');
  });

  it('refuses to order by Text and KeywordList attributes', () => {
    expect(compileError('ORDER BY Description').problem).toBe(
      'cannot ORDER BY "Description": Text attributes are not sortable',
    );
    expect(compileError('ORDER BY Tags DESC').problem).toBe(
      'cannot ORDER BY "Tags": KeywordList attributes are not sortable',
    );
    expect(compileError('ORDER BY Missing').problem).toBe('unknown search attribute "Missing"');
  });
});

describe('compileListQuery: errors', () => {
  it('names an unknown attribute and where it is', () => {
    expect(compileError(`WorkflowId = 'x' AND Foo = 1`).message).toBe(
      'invalid query: unknown search attribute "Foo" at position 22',
    );
    expect(compileError('workflowId = "x"').problem).toBe('unknown search attribute "workflowId"');
    expect(compileListQuery('WorkflowId = "a"')).toMatchObject({ where: 'workflow_id = ?' });
    expect(() => compileListQuery('Priority = 1')).toThrow('unknown search attribute "Priority"');
  });

  it('refuses values of the wrong type', () => {
    expect(compileError('HistoryLength = "abc"').message).toBe(
      'invalid query: invalid value for search attribute "HistoryLength" of type Int: expected a number but found string "abc" at position 17',
    );
    expect(compileError('HistoryLength = "5"').problem).toMatch(/expected a number but found string "5"/);
    expect(compileError('Score > true').problem).toMatch(/of type Double: expected a number but found true/);
    expect(compileError('WorkflowId = 5').problem).toBe(
      'invalid value for search attribute "WorkflowId" of type Keyword: expected a quoted string but found number 5',
    );
    expect(compileError('Tags = 1').problem).toMatch(/of type KeywordList: expected a quoted string/);
    expect(compileError('IsUrgent = "true"').problem).toBe(
      'invalid value for search attribute "IsUrgent" of type Bool: expected true or false but found string "true"',
    );
    expect(compileError('IsUrgent = 1').problem).toMatch(/expected true or false but found number 1/);
    expect(compileError('StartTime > 1.5').problem).toMatch(/of type Datetime: expected an RFC 3339 time/);
    expect(compileError('WorkflowType STARTS_WITH 1').problem).toMatch(/expected a quoted string but found number 1/);
    expect(compileError('HistoryLength IN (1, "two")').position).toBe(22);
    expect(compileError('Priority = 9007199254740993').problem).toBe(
      'integer 9007199254740993 for "Priority" is too large to compare exactly',
    );
  });

  it('refuses invalid dates', () => {
    for (const value of [
      '2024-13-01T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T00:60:00Z',
      '2024-01-01T00:00:60Z',
      '2024-01-01',
      '2024-01-01 00:00:00Z',
      '2024-01-01T00:00:00',
      '2024-01-01T00:00:00+1:00',
      '2024-01-01T00:00:00+24:00',
      'yesterday',
      '',
    ]) {
      expect(compileError(`StartTime > "${value}"`).message).toBe(
        `invalid query: invalid StartTime time ${JSON.stringify(value)}; expected RFC 3339 such as "2024-01-01T00:00:00Z" at position 13`,
      );
    }
  });

  it('refuses unknown ExecutionStatus names, listing the valid ones', () => {
    expect(compileError('ExecutionStatus = "Done"').message).toBe(
      'invalid query: invalid ExecutionStatus "Done"; expected one of Running, Completed, Failed, Canceled, Terminated, ContinuedAsNew, TimedOut at position 19',
    );
    expect(compileError('ExecutionStatus = "running"').problem).toMatch(/^invalid ExecutionStatus "running"/);
    expect(compileError('ExecutionStatus IN ("Running", "Nope")').position).toBe(32);
    expect(compileError('ExecutionStatus = 0').problem).toMatch(/^invalid ExecutionStatus number 0/);
  });

  it('refuses operators the attribute type does not support', () => {
    expect(compileError('IsUrgent > false').message).toBe(
      'invalid query: operator > is not supported for search attribute "IsUrgent" of type Bool (it supports = and !=, IN, IS NULL) at position 1',
    );
    expect(compileError('IsUrgent BETWEEN false AND true').problem).toMatch(
      /^operator BETWEEN is not supported for search attribute "IsUrgent"/,
    );
    expect(compileError('Tags > "a"').problem).toMatch(
      /^operator > is not supported for search attribute "Tags" of type KeywordList/,
    );
    expect(compileError('Tags STARTS_WITH "a"').problem).toMatch(/^operator STARTS_WITH is not supported/);
    expect(compileError('Description IN ("a")').problem).toMatch(
      /^operator IN is not supported for search attribute "Description" of type Text/,
    );
    expect(compileError('Description < "a"').problem).toMatch(/^operator < is not supported/);
    expect(compileError('Priority STARTS_WITH "1"').problem).toMatch(
      /^operator STARTS_WITH is not supported for search attribute "Priority" of type Int/,
    );
    expect(compileError('StartTime NOT STARTS_WITH "2024"').problem).toMatch(
      /^operator NOT STARTS_WITH is not supported/,
    );
    expect(compileError('ExecutionStatus > "Running"').problem).toBe(
      'operator > is not supported for search attribute "ExecutionStatus" of type Keyword (it supports = and !=, IN, IS NULL)',
    );
    expect(compileError('ExecutionStatus STARTS_WITH "Run"').problem).toMatch(/^operator STARTS_WITH is not supported/);
  });

  it('refuses Text values without any word', () => {
    expect(compileError('Description = " - "').problem).toBe('Text value for "Description" has no words to match');
  });

  it('throws only ListQueryError for bad queries, with a one-line message', () => {
    for (const query of [
      'WorkflowId LIKE "a%"',
      'Foo = 1',
      '(',
      'StartTime > "nope"',
      'A = 1 LIMIT 1',
      "'",
      'WorkflowId = "a\nb" AND X = 1',
    ]) {
      const error = compileError(query);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('ListQueryError');
      expect(error.message).toMatch(/^invalid query: [^\n]* at position \d+$/);
    }
  });
});

describe('parseRfc3339', () => {
  it('matches Date.parse on valid instants', () => {
    for (const value of [
      '2024-02-29T23:59:59Z',
      '1999-12-31T23:59:59.999+05:45',
      '2021-06-07T16:46:34.236-08:00',
      '1970-01-01T00:00:00z',
    ]) {
      expect(parseRfc3339(value)).toBe(Date.parse(value.toUpperCase()));
    }
  });

  it('keeps sub-millisecond fractions and handles years before 100', () => {
    expect(parseRfc3339('2024-01-01T00:00:00.123456789Z')).toBeCloseTo(JAN_1_2024 + 123.456789, 3);
    expect(parseRfc3339('0050-01-01T00:00:00Z')).toBe(-60589296000000);
  });
});
