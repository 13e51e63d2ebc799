/** Runs compiled List Filters against a real in-memory SQLite `executions` table. */
import Database from 'better-sqlite3';
import { compileListQuery, type SearchAttributeDefinition } from '../../../../src/server/visibility';

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

const day = (n: number): number => Date.UTC(2024, 0, n);

interface Row {
  namespace?: string;
  workflow_id: string;
  workflow_type?: string;
  status: number;
  start: number;
  close?: number;
  history_length?: number;
  parent_workflow_id?: string;
  search_attributes?: Record<string, unknown> | null;
}

const ROWS: Row[] = [
  {
    workflow_id: 'order-1',
    workflow_type: 'OrderWorkflow',
    status: 1,
    start: day(1),
    history_length: 10,
    search_attributes: {
      CustomerId: 'acme',
      Priority: 3,
      Score: 1.5,
      IsUrgent: true,
      Due: day(20),
      Tags: ['a', 'b'],
      Description: 'Ship the order-processing v2 package',
      'Custom Name': 'x',
      "O'Brien": 'irish',
    },
  },
  {
    workflow_id: 'order-2',
    workflow_type: 'OrderWorkflow',
    status: 2,
    start: day(2),
    close: day(3),
    history_length: 25,
    search_attributes: {
      CustomerId: 'Acme',
      Priority: 1,
      IsUrgent: false,
      Tags: ['b'],
      Description: 'payment_retry handler',
    },
  },
  {
    workflow_id: 'Order-3',
    workflow_type: 'OrderWorkflow',
    status: 3,
    start: day(3),
    close: day(4),
    history_length: 5,
    search_attributes: {},
  },
  {
    workflow_id: 'invoice-1',
    workflow_type: 'InvoiceWorkflow',
    status: 5,
    start: day(4),
    close: day(5),
    history_length: 40,
    search_attributes: { CustomerId: 'globex', Priority: 5, Score: 2, Due: day(10) },
  },
  {
    workflow_id: 'order_%x',
    workflow_type: 'OrderWorkflow',
    status: 7,
    start: day(5),
    close: day(6),
    search_attributes: null,
  },
  { workflow_id: 'child-1', workflow_type: 'ChildWorkflow', status: 1, start: day(6), parent_workflow_id: 'order-1' },
  { namespace: 'other', workflow_id: 'elsewhere', workflow_type: 'OrderWorkflow', status: 1, start: day(7) },
];

let db: Database.Database;

beforeAll(() => {
  db = new Database(':memory:');
  db.exec(`CREATE TABLE executions(namespace TEXT, workflow_id TEXT, run_id TEXT, workflow_type TEXT, task_queue TEXT,
    status INTEGER, start_time INTEGER, execution_time INTEGER, close_time INTEGER,
    history_length INTEGER, parent_workflow_id TEXT, parent_run_id TEXT, root_workflow_id TEXT,
    search_attributes TEXT)`);
  const insert = db.prepare(`INSERT INTO executions VALUES
    (@namespace, @workflow_id, @run_id, @workflow_type, 'main', @status, @start, @start, @close, @history_length,
     @parent_workflow_id, NULL, @workflow_id, @search_attributes)`);
  ROWS.forEach((row, index) =>
    insert.run({
      namespace: row.namespace ?? 'default',
      workflow_id: row.workflow_id,
      run_id: `run-${index}`,
      workflow_type: row.workflow_type ?? 'Workflow',
      status: row.status,
      start: row.start,
      close: row.close ?? null,
      history_length: row.history_length ?? 1,
      parent_workflow_id: row.parent_workflow_id ?? null,
      search_attributes: row.search_attributes == null ? null : JSON.stringify(row.search_attributes),
    }),
  );
});

afterAll(() => db.close());

function select(query: string): string[] {
  const { where, params, orderBy } = compileListQuery(query, CUSTOM);
  const sql = `SELECT workflow_id FROM executions WHERE namespace = ? AND ${where} ORDER BY ${orderBy}`;
  return db
    .prepare(sql)
    .pluck()
    .all('default', ...params) as string[];
}

describe('compiled List Filters on SQLite', () => {
  const cases: [string, string[]][] = [
    ['', ['child-1', 'order_%x', 'invoice-1', 'Order-3', 'order-2', 'order-1']],
    ['ExecutionStatus = "Running"', ['child-1', 'order-1']],
    ['ExecutionStatus IN ("Completed", "Failed") ORDER BY StartTime ASC', ['order-2', 'Order-3']],
    ['ExecutionStatus != "Running" AND StartTime >= "2024-01-04T00:00:00Z"', ['order_%x', 'invoice-1']],
    ['StartTime BETWEEN "2024-01-02T00:00:00Z" AND "2024-01-04T00:00:00Z"', ['invoice-1', 'Order-3', 'order-2']],
    ['StartTime NOT BETWEEN "2024-01-02T00:00:00Z" AND "2024-01-04T00:00:00Z"', ['child-1', 'order_%x', 'order-1']],
    ['CloseTime IS NULL', ['child-1', 'order-1']],
    ['CloseTime > "2024-01-04T12:00:00+00:00"', ['order_%x', 'invoice-1']],
    ['HistoryLength >= 10 AND WorkflowType = "OrderWorkflow"', ['order-2', 'order-1']],
    ['WorkflowId STARTS_WITH "order-"', ['order-2', 'order-1']],
    ['WorkflowId STARTS_WITH "order_%"', ['order_%x']],
    ['WorkflowId NOT STARTS_WITH "order"', ['child-1', 'invoice-1', 'Order-3']],
    ['WorkflowId BETWEEN "order-" AND "order-~"', ['order-2', 'order-1']],
    ['WorkflowId IN ("order-1", "invoice-1", "missing")', ['invoice-1', 'order-1']],
    ['ParentWorkflowId = "order-1"', ['child-1']],
    ['ParentWorkflowId IS NOT NULL', ['child-1']],
    ['CustomerId = "acme"', ['order-1']],
    ['CustomerId != "acme"', ['invoice-1', 'order-2']],
    ['CustomerId IS NULL', ['child-1', 'order_%x', 'Order-3']],
    ['Priority BETWEEN 2 AND 5', ['invoice-1', 'order-1']],
    ['Priority > 1 OR IsUrgent = false', ['invoice-1', 'order-2', 'order-1']],
    ['NOT (Priority > 1)', ['order-2']],
    ['NOT Priority > 1 AND IsUrgent = false', ['order-2']],
    ['IsUrgent = true', ['order-1']],
    ['Score >= 1.5 ORDER BY Score DESC', ['invoice-1', 'order-1']],
    ['Due < "2024-01-15T00:00:00Z"', ['invoice-1']],
    ['Due >= 1705276800000000000', ['order-1']],
    ['Tags = "b"', ['order-2', 'order-1']],
    ['Tags IN ("a", "z")', ['order-1']],
    ['Tags != "a"', ['child-1', 'order_%x', 'invoice-1', 'Order-3', 'order-2']],
    ['Tags NOT IN ("a", "b")', ['child-1', 'order_%x', 'invoice-1', 'Order-3']],
    ['Description = "processing"', ['order-1']],
    ['Description = "PROCESSING nothing-else"', ['order-1']],
    ['Description = "retry"', ['order-2']],
    ['Description = "proc"', []],
    ['Description != "package"', ['child-1', 'order_%x', 'invoice-1', 'Order-3', 'order-2']],
    ['`Custom Name` = "x"', ['order-1']],
    ["`O'Brien` = 'irish'", ['order-1']],
    // NULLs sort last when descending; ties fall back to run_id DESC.
    ['ORDER BY Priority DESC', ['invoice-1', 'order-1', 'order-2', 'child-1', 'order_%x', 'Order-3']],
    [
      'WorkflowType = "OrderWorkflow" AND (ExecutionStatus = "Running" OR HistoryLength < 10) ORDER BY WorkflowId',
      ['Order-3', 'order-1', 'order_%x'],
    ],
  ];

  it.each(cases)('%s', (query, expected) => {
    expect(select(query)).toEqual(expected);
  });

  it('counts per status for GROUP BY ExecutionStatus', () => {
    const { where, params, groupBy } = compileListQuery(
      'WorkflowType = "OrderWorkflow" GROUP BY ExecutionStatus',
      CUSTOM,
    );
    expect(groupBy).toBe('ExecutionStatus');
    const counts = db
      .prepare(
        `SELECT status, COUNT(*) AS count FROM executions WHERE namespace = ? AND ${where} GROUP BY status ORDER BY status`,
      )
      .all('default', ...params);
    expect(counts).toEqual([
      { status: 1, count: 1 },
      { status: 2, count: 1 },
      { status: 3, count: 1 },
      { status: 7, count: 1 },
    ]);
  });

  it('produces SQL SQLite accepts for every operator on every type', () => {
    const queries = [
      'WorkflowId >= "a" AND RunId < "z" AND TaskQueue != "q" AND RootWorkflowId <= "r" AND ParentRunId IS NULL',
      'ExecutionTime > "2024-01-01T00:00:00Z" AND HistoryLength NOT IN (1, 2)',
      'IsUrgent IN (true, false) AND IsUrgent != true AND Score NOT BETWEEN -1 AND 1e3',
      'Tags NOT IN ("x") OR Description != "a b" OR NOT (Due IS NOT NULL)',
      "`O'Brien` STARTS_WITH 'ir' ORDER BY `O'Brien` DESC, `Custom Name`, Due, IsUrgent, Score",
    ];
    for (const query of queries) expect(() => select(query)).not.toThrow();
  });
});
