/** An LLM agent's conversation end to end on the real server and workers, with the scripted model. */
import { z } from 'zod';
import { llmAgent } from '../../../src/activities/llm/llm-agent';
import { llmTool } from '../../../src/activities/llm/llm-tool';
import { scriptedModel } from '../../../src/activities/llm/scripted-model';
import { conversationWorkflowId } from '../../../src/orchestration/conversation-api';
import { eventTypeNames, historyEvents, historyProblems } from '../../support/history-checks';
import { startSteadfastEnv, uniqueAgentName, type SteadfastEnv } from '../../support/steadfast-env';

let env: SteadfastEnv;
beforeAll(async () => {
  env = await startSteadfastEnv();
});
afterAll(async () => {
  await env?.close();
});

test('a model call, a tool call and the answer run as separate recorded activities of a child workflow', async () => {
  const lookups: string[] = [];
  const name = uniqueAgentName('researcher');
  const researcher = llmAgent({
    name,
    model: scriptedModel({
      turns: [
        { text: 'Let me look.', toolCalls: [{ toolName: 'lookup', input: { topic: 'tides' } }] },
        { text: 'Tides come from the moon.' },
      ],
    }),
    system: 'You research.',
    tools: {
      lookup: llmTool({
        description: 'Looks a topic up',
        inputSchema: z.object({ topic: z.string() }),
        execute: async ({ topic }, { context }) => {
          lookups.push(`${topic}@${context.idempotencyKey}`);
          return { facts: [`${topic} follow the moon`] };
        },
      }),
    },
    timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' },
  });
  await env.withWorkers({ agents: [researcher] }, async (ctx) => {
    const handle = await ctx.client.start(
      ctx.request({ goal: 'explain tides', plan: { steps: [{ id: 'research', agent: name }] } }),
    );
    const result = await handle.result();
    expect(result.output).toBe('Tides come from the moon.');
    expect(lookups).toEqual([`tides@${handle.id}/research/0/turn-1/call-0`]);
    const step = result.steps[0]!;
    expect(step.mode).toBe('primary');
    expect(step.usage?.modelCalls).toBe(2);
    expect(step.usage?.inputTokens).toBeGreaterThan(0);

    const childId = conversationWorkflowId(handle.id, 'research', 0);
    const events = await historyEvents(env.test.client, childId);
    expect(historyProblems(events)).toEqual([]);
    const scheduled = events
      .filter((event) => event.activityTaskScheduledEventAttributes)
      .map((event) => event.activityTaskScheduledEventAttributes!.activityType!.name);
    expect(scheduled).toEqual([`${name}/model`, `${name}/tool/lookup`, `${name}/model`]);
    expect(eventTypeNames(events).at(-1)).toBe('WorkflowExecutionCompleted');
  });
});

test('a model that repeats the same tool call ends its conversation with the recorded reason tool_loop', async () => {
  const name = uniqueAgentName('looper');
  let calls = 0;
  const looper = llmAgent({
    name,
    model: scriptedModel({ turns: [{ text: 'again', toolCalls: [{ toolName: 'lookup', input: { topic: 'same' } }] }] }),
    tools: {
      lookup: llmTool({
        inputSchema: z.object({ topic: z.string() }),
        execute: async () => {
          calls += 1;
          return 'nothing new';
        },
      }),
    },
    loopThreshold: 3,
    maxTurns: 20,
    fallback: { onExhausted: 'skip', autonomous: false },
    timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' },
  });
  await env.withWorkers({ agents: [looper] }, async (ctx) => {
    const handle = await ctx.client.start(
      ctx.request({ goal: 'loop', plan: { steps: [{ id: 'loop', agent: name }] } }),
    );
    const step = (await handle.result()).steps[0]!;
    expect([step.mode, step.fallbackReason]).toEqual(['skipped', 'tool_loop']);
    expect(step.branches[0]!.error).toContain('"lookup" with identical arguments 3 times');
    // Two calls ran; the third identical one was refused before it ran.
    expect(calls).toBe(2);
    expect(step.usage?.modelCalls).toBe(3);
  });
});

test('an LLM agent with output "json" routes a router orchestration', async () => {
  const routerName = uniqueAgentName('llm-router');
  const writerName = uniqueAgentName('writer');
  const router = llmAgent({
    name: routerName,
    output: 'json',
    model: scriptedModel({
      turns: (call) => ({
        text: call.firstMessage.includes('"history": []')
          ? '```json\n' + JSON.stringify({ next: writerName, input: 'tides', stepId: 'write' }) + '\n```'
          : JSON.stringify({ done: true }),
      }),
    }),
    timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' },
  });
  const writer = llmAgent({
    name: writerName,
    model: scriptedModel({ turns: [{ text: 'A page on tides.' }] }),
    timeouts: { scheduleToStart: '5s', startToClose: '10s', heartbeat: '2s' },
  });
  await env.withWorkers({ agents: [router, writer] }, async (ctx) => {
    const handle = await ctx.client.start(ctx.request({ goal: 'write about tides', router: { agent: routerName } }));
    const result = await handle.result();
    expect(result.steps.map((step) => [step.id, step.agent, step.state])).toEqual([
      ['route-1', routerName, 'succeeded'],
      ['write', writerName, 'succeeded'],
      ['route-2', routerName, 'succeeded'],
    ]);
    expect(result.output).toBe('A page on tides.');
  });
});
