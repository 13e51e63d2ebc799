/** The server benchmark's workflow: one activity, its result returned. Deterministic code only. */
import { proxyActivities } from '@temporalio/workflow';
import type * as activities from '../activities/one-activity';

const { echoIndex } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export async function oneActivity(index: number): Promise<number> {
  return await echoIndex(index);
}
