/** The demo's hello workflow: one activity, its greeting returned. Deterministic code only. */
import { proxyActivities } from '@temporalio/workflow';
import type * as activities from '../activities/hello';

const { composeGreeting } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });

export async function hello(name: string): Promise<string> {
  return await composeGreeting(name);
}
