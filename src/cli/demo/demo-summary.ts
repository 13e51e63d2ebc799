/** The table the demo ends with, and the exit code it implies: anything lost or duplicated fails the run. */
import { describeReason } from '../../orchestration/failure-classifier';
import type { FallbackReason } from '../../orchestration/types';
import { formatKeyValues } from '../output/table';
import type { DemoTally } from './demo-tally';

export function formatDemoSummary(tally: DemoTally): string[] {
  const { primary, alternate, autonomous, other } = tally.stepsByMode;
  const reasons = Object.entries(tally.fallbackReasons)
    .sort(([, a], [, b]) => b - a)
    .map(([reason, count]) => `${shortReason(reason as FallbackReason)} ${count}`);
  return [
    'Summary',
    ...formatKeyValues([
      ['Orchestrations completed', `${tally.completed} / ${tally.orchestrations}`],
      [
        'Steps by mode',
        `primary ${primary} · alternate ${alternate} · autonomous ${autonomous}${other > 0 ? ` · other ${other}` : ''}`,
      ],
      ['Retries', String(tally.retries)],
      ['Fallback reasons', reasons.length > 0 ? reasons.join(' · ') : 'none'],
      ['Lost', String(tally.lost.length)],
      ['Duplicated side effects', String(tally.duplicated.length)],
    ]).map((line) => `  ${line}`),
    ...(tally.lost.length > 0 ? [`  lost: ${tally.lost.join(', ')}`] : []),
    ...(tally.duplicated.length > 0 ? [`  duplicated: ${tally.duplicated.join(', ')}`] : []),
  ];
}

export function demoSucceeded(tally: DemoTally): boolean {
  return tally.lost.length === 0 && tally.duplicated.length === 0;
}

/** "agent hung" rather than "agent hung (heartbeat timeout)": the summary line stays short. */
export function shortReason(reason: FallbackReason): string {
  return describeReason(reason).replace(/ \(.*\)$/, '');
}
