import { listQuery, statusOfExecution } from '../../../src/client/orchestration-list';

describe('list status of an execution', () => {
  it('lets Temporal win for runs ended from outside, whatever the workflow last published', () => {
    expect(statusOfExecution('TERMINATED', 'running')).toBe('terminated');
    expect(statusOfExecution('TIMED_OUT', 'awaiting_approval')).toBe('timed_out');
    expect(statusOfExecution('CANCELLED', 'running')).toBe('cancelled');
    expect(statusOfExecution('FAILED', 'running')).toBe('failed');
  });

  it('refines running and completed executions by what the workflow published', () => {
    expect(statusOfExecution('RUNNING', 'paused')).toBe('paused');
    expect(statusOfExecution('RUNNING', 'awaiting_approval')).toBe('awaiting_approval');
    expect(statusOfExecution('RUNNING', undefined)).toBe('running');
    expect(statusOfExecution('COMPLETED', 'cancelled')).toBe('cancelled');
    expect(statusOfExecution('COMPLETED', 'running')).toBe('completed');
    expect(statusOfExecution('CONTINUED_AS_NEW', 'running')).toBeUndefined();
  });

  it('asks visibility for the execution statuses a list status can show up under', () => {
    expect(listQuery('terminated')).toContain(`ExecutionStatus IN ('Terminated')`);
    expect(listQuery('terminated')).toContain(`'orchestrate'`);
    expect(listQuery('timed_out')).toContain(`ExecutionStatus IN ('TimedOut')`);
    expect(listQuery('awaiting_approval')).toContain(`ExecutionStatus IN ('Running')`);
    expect(listQuery(undefined)).toContain(`ExecutionStatus != 'ContinuedAsNew'`);
  });
});
