/** Worker log lines: one JSON object each, always naming orchestration, step and agent (null when about none). */
import { JsonLinesLogger } from '../../../src/telemetry/json-logger';

function capture(level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'INFO') {
  const lines: string[] = [];
  const logger = new JsonLinesLogger({
    level,
    process: 'agents',
    write: (line) => lines.push(line),
    now: () => new Date(0),
  });
  return { logger, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), lines };
}

test('an agent activity line names its orchestration, step and agent, from the interceptor fields', () => {
  const { logger, records, lines } = capture();
  logger.warn('Activity failed', {
    sdkComponent: 'worker',
    workflowType: 'orchestrate',
    workflowId: 'order-42',
    activityType: 'research',
    activityId: 'research#0',
    isLocal: false,
    orchestrationId: 'order-42',
    stepId: 'research',
    agent: 'research',
    mode: 'primary',
    taskToken: 'AAAA',
    error: new Error('unavailable'),
  });
  expect(lines).toHaveLength(1);
  expect(lines[0]!.endsWith('\n')).toBe(true);
  expect(records()[0]).toMatchObject({
    time: '1970-01-01T00:00:00.000Z',
    level: 'warn',
    process: 'agents',
    msg: 'Activity failed',
    orchestrationId: 'order-42',
    step: 'research',
    agent: 'research',
    mode: 'primary',
    error: { name: 'Error', message: 'unavailable' },
  });
  expect(records()[0]).not.toHaveProperty('taskToken');
});

test('SDK metadata alone identifies an orchestration, its agent activity and its step (activity id "<step>#<dispatch>")', () => {
  const { logger, records } = capture('DEBUG');
  logger.debug('Activity started', {
    workflowType: 'orchestrate',
    workflowId: 'order-7',
    activityType: 'write',
    activityId: 'draft#2',
    isLocal: false,
  });
  logger.info('a workflow line', { workflowType: 'orchestrate', workflowId: 'order-7' });
  logger.info('a registry line', { workflowType: 'agentHealthRegistry', workflowId: 'steadfast-agent-health' });
  expect(records().map(({ orchestrationId, step, agent }) => ({ orchestrationId, step, agent }))).toEqual([
    { orchestrationId: 'order-7', step: 'draft', agent: 'write' },
    { orchestrationId: 'order-7', step: null, agent: null },
    { orchestrationId: null, step: null, agent: null },
  ]);
});

test('lines below the level are dropped; odd metadata still gives a line', () => {
  const { logger, records } = capture('WARN');
  logger.info('dropped');
  logger.debug('dropped too');
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  logger.error('kept', { cyclic });
  logger.warn('binary', { payload: Buffer.from('abc'), big: 10n });
  expect(records()).toEqual([
    expect.objectContaining({
      level: 'error',
      msg: 'kept',
      orchestrationId: null,
      step: null,
      agent: null,
      note: expect.stringMatching(/^metadata not serialisable/),
    }),
    expect.objectContaining({ level: 'warn', msg: 'binary', payload: '<3 bytes>', big: '10' }),
  ]);
});
