/**
 * LLM paths of the replay corpus: a conversation with a tool call and a retried provider error, a cost budget that
 * runs out and falls back to a cheaper model, and a long conversation that continues as new. Each records the
 * orchestration and its conversation child workflow(s).
 */
import { z } from 'zod';
import { llmAgent } from '../../../src/activities/llm/llm-agent';
import { llmTool } from '../../../src/activities/llm/llm-tool';
import { scriptedModel } from '../../../src/activities/llm/scripted-model';
import { conversationWorkflowId } from '../../../src/orchestration/conversation-api';
import type { OrchestrationRequestInput } from '../../../src/config/orchestration-request';
import type { HistoryScenario, RecordedWorkflow } from '../history-scenarios';
import type { WorkersContext } from '../steadfast-env';

const quick = {
  timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' },
  retry: { maxAttempts: 3, initialInterval: '50ms' },
};
const lookup = llmTool({
  inputSchema: z.object({ page: z.number() }),
  execute: async ({ page }) => ({ page, text: `page ${page} of the notes` }),
});

/** Runs the request, then names the orchestration and its conversation(s) for recording. */
async function recordConversation(
  ctx: WorkersContext,
  name: string,
  request: OrchestrationRequestInput,
  conversations: readonly { stepId: string; dispatch: number }[],
): Promise<RecordedWorkflow[]> {
  const handle = await ctx.client.start(ctx.request(request));
  await handle.result().catch(() => undefined);
  return [
    { name, workflowId: handle.id },
    ...conversations.map(({ stepId, dispatch }) => ({
      name: `${name}.conversation${dispatch > 0 ? `-${dispatch}` : ''}`,
      workflowId: conversationWorkflowId(handle.id, stepId, dispatch),
    })),
  ];
}

const llmConversation: HistoryScenario = {
  name: 'llm-conversation',
  run: (env) => {
    const researcher = llmAgent({
      name: 'llm-researcher',
      model: scriptedModel({
        modelId: 'replay-model',
        turns: [
          {
            text: 'Looking it up.',
            toolCalls: [{ toolName: 'lookup', input: { page: 1 } }],
            fault: { kind: 'error', status: 500 },
          },
          { text: 'The notes say tides follow the moon.' },
        ],
      }),
      tools: { lookup },
      prices: { 'replay-model': { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } },
      ...quick,
    });
    return env.withWorkers({ agents: [researcher] }, (ctx) =>
      recordConversation(
        ctx,
        'llm-conversation',
        {
          goal: 'explain tides',
          plan: { steps: [{ id: 'research', agent: 'llm-researcher' }] },
          budget: { costUsd: 1 },
        },
        [{ stepId: 'research', dispatch: 0 }],
      ),
    );
  },
};

const llmBudgetExhausted: HistoryScenario = {
  name: 'llm-budget-exhausted',
  run: (env) => {
    const cheap = llmAgent({
      name: 'llm-cheap',
      model: scriptedModel({ modelId: 'cheap-model', turns: [{ text: 'a short answer' }] }),
      prices: { 'cheap-model': { inputPerMillionTokens: 1, outputPerMillionTokens: 1 } },
      ...quick,
    });
    const expensive = llmAgent({
      name: 'llm-expensive',
      model: scriptedModel({
        modelId: 'expensive-model',
        turns: (call) => ({
          text: `page ${call.turn}`,
          toolCalls: [{ toolName: 'lookup', input: { page: call.turn } }],
        }),
      }),
      tools: { lookup },
      prices: { 'expensive-model': { inputPerMillionTokens: 1_000, outputPerMillionTokens: 1_000 } },
      maxOutputTokens: 50,
      maxTurns: 50,
      fallback: { alternates: ['llm-cheap'], autonomous: false },
      ...quick,
    });
    return env.withWorkers({ agents: [expensive, cheap] }, (ctx) =>
      recordConversation(
        ctx,
        'llm-budget-exhausted',
        { goal: 'find it', plan: { steps: [{ id: 'search', agent: 'llm-expensive' }] }, budget: { costUsd: 0.5 } },
        [
          { stepId: 'search', dispatch: 0 },
          { stepId: 'search', dispatch: 1 },
        ],
      ),
    );
  },
};

const llmContinueAsNew: HistoryScenario = {
  name: 'llm-continue-as-new',
  run: (env) => {
    const talker = llmAgent({
      name: 'llm-talker',
      model: scriptedModel({
        modelId: 'talk-model',
        turns: (call) =>
          call.turn < 14
            ? { text: `turn ${call.turn}`, toolCalls: [{ toolName: 'lookup', input: { page: call.turn } }] }
            : { text: 'finished talking' },
      }),
      tools: { lookup },
      maxTurns: 20,
      keepTurns: 3,
      continueAsNewAfterEvents: 100,
      ...quick,
    });
    return env.withWorkers({ agents: [talker] }, (ctx) =>
      recordConversation(
        ctx,
        'llm-continue-as-new',
        { goal: 'talk', plan: { steps: [{ id: 'talk', agent: 'llm-talker' }] } },
        [{ stepId: 'talk', dispatch: 0 }],
      ),
    );
  },
};

export const LLM_HISTORY_SCENARIOS: readonly HistoryScenario[] = [
  llmConversation,
  llmBudgetExhausted,
  llmContinueAsNew,
];
