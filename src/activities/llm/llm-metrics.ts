/** Pool-side metrics of model calls: tokens, attempts by outcome, cost; served on the worker's Prometheus endpoint. */
import type { MetricMeter } from '@temporalio/common';
import { costOf, type ModelPrice, type TokenCount } from '../../orchestration/llm-usage';
import { SteadfastMetrics } from '../../telemetry/steadfast-metrics';

export interface ModelLabels {
  readonly agent: string;
  readonly model: string;
  readonly price: ModelPrice | undefined;
}

export function recordModelCall(
  meter: MetricMeter,
  labels: ModelLabels,
  tokens: TokenCount | undefined,
  outcome: string,
): void {
  const tags = { agent: labels.agent, model: labels.model };
  meter
    .createCounter(SteadfastMetrics.llmCalls.name, '', SteadfastMetrics.llmCalls.description)
    .add(1, { ...tags, outcome });
  if (!tokens) return;
  const tokensCounter = meter.createCounter(
    SteadfastMetrics.llmTokens.name,
    '',
    SteadfastMetrics.llmTokens.description,
  );
  if (tokens.inputTokens > 0) tokensCounter.add(tokens.inputTokens, { ...tags, direction: 'input' });
  if (tokens.outputTokens > 0) tokensCounter.add(tokens.outputTokens, { ...tags, direction: 'output' });
  const microUsd = Math.round(costOf(tokens, labels.price) * 1e6);
  if (microUsd > 0) {
    meter.createCounter(SteadfastMetrics.llmCost.name, '', SteadfastMetrics.llmCost.description).add(microUsd, tags);
  }
}
