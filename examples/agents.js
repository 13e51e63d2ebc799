/**
 * Example agents module: load it into an orchestrator worker and agent pools with `--module examples/agents.js`
 * (docs/orchestration.md walks through it; examples/agents.test.ts tests it with the test kit). Plain CommonJS: in
 * this repository `require('steadfast')` is the package itself (Node's self-reference), built by `npm run build`.
 *
 *   researcher     simulated, flaky: fails about a third of its first two attempts and is retried (3 attempts)
 *   writer         turns the research notes into a draft; falls back to `editor` when it cannot answer
 *   editor         the writer's alternate
 *   reviewer       approves drafts; when no reviewer pool answers within 2s, a rule-based autonomous review runs
 *                  on the orchestrator instead
 *   planner        a router: picks the next agent from the steps so far (request: { "router": { "agent": "planner" } })
 */
'use strict';
const { defineAgent, simulatedAgent } = require('steadfast');

const researcher = defineAgent({
  name: 'researcher',
  handler: simulatedAgent({
    seed: 42,
    latency: { min: 50, max: 150 },
    faults: { fail: 0.3 },
    // Only the first two attempts may fail, so the third always answers.
    faultyAttempts: 2,
    respond: (task) => ({
      topic: task.input.topic,
      notes: [`${task.input.topic}: definition`, `${task.input.topic}: trade-offs`, `${task.input.topic}: examples`],
    }),
  }),
  timeouts: { scheduleToStart: '10s', startToClose: '30s', heartbeat: '2s' },
  retry: { maxAttempts: 3, initialInterval: '200ms' },
});

/** Every note of every research step this draft depends on. */
function notesOf(results) {
  return Object.values(results).flatMap((result) => (result && Array.isArray(result.notes) ? result.notes : []));
}

const draft = async (task, ctx) => {
  ctx.heartbeat({ stage: 'drafting' });
  return { draft: `${task.goal}. ${notesOf(task.results).join('. ')}.`, by: ctx.agent };
};

const writer = defineAgent({
  name: 'writer',
  handler: draft,
  timeouts: { scheduleToStart: '2s', startToClose: '30s', heartbeat: '2s' },
  fallback: { alternates: ['editor'] },
});

const editor = defineAgent({
  name: 'editor',
  handler: draft,
  timeouts: { scheduleToStart: '5s', startToClose: '30s', heartbeat: '2s' },
});

const reviewer = defineAgent({
  name: 'reviewer',
  handler: async (task, ctx) => ({ approved: true, by: ctx.agent, comments: ['reads well'] }),
  // Runs on the orchestrator when the reviewer pool is offline or its circuit is open.
  autonomous: async (task) => {
    const draftText = Object.values(task.results)
      .map((result) => (result && result.draft) || '')
      .join(' ');
    return { approved: draftText.length > 20, by: 'rule-based review', comments: [`${draftText.length} characters`] };
  },
  timeouts: { scheduleToStart: '2s', startToClose: '30s', heartbeat: '2s' },
});

/**
 * A router agent receives { routerInput, history, stepsUsed, stepsLeft } as its task's input and returns either
 * { next: '<agent>', input? } or { done: true, result? } (docs/orchestration.md, "Routers").
 */
const planner = defineAgent({
  name: 'planner',
  handler: async (task) => {
    const succeeded = task.input.history.filter((step) => step.state === 'succeeded');
    const ran = (agent) => succeeded.some((step) => step.agent === agent);
    if (!ran('researcher')) return { next: 'researcher', input: { topic: task.input.routerInput.topic } };
    if (!ran('writer')) return { next: 'writer' };
    return { done: true, result: succeeded[succeeded.length - 1].result };
  },
  timeouts: { scheduleToStart: '10s', startToClose: '30s', heartbeat: '2s' },
});

module.exports = { researcher, writer, editor, reviewer, planner };
