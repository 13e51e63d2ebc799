/** Reads what a router agent returned: either "done" or the next agent to run. Garbage is reported, not trusted. */
import { AGENT_NAME_PATTERN, STEP_ID_PATTERN } from './names';
import { hashString, stableStringify } from './stable-json';

/** What a router agent returns (its contract; docs/orchestration.md, "Routers"): finish, or name the next agent. */
export type RouterReply =
  | { readonly done: true; readonly result?: unknown }
  | { readonly done?: false; readonly next: string; readonly input?: unknown; readonly stepId?: string };

export type RoutingDecision =
  | { readonly kind: 'done'; readonly result?: unknown }
  | { readonly kind: 'next'; readonly agent: string; readonly input?: unknown; readonly stepId?: string };

export type ParsedRoutingDecision =
  { readonly ok: true; readonly decision: RoutingDecision } | { readonly ok: false; readonly error: string };

const EXPECTED = 'expected { done: true, result? } or { next: "<agent>", input?, stepId? }';

/** Validates a router reply without trusting it; the error names the offending field. */
export function parseRoutingDecision(raw: unknown): ParsedRoutingDecision {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, error: `routing decision: ${EXPECTED}, got ${describe(raw)}` };
  }
  const value = raw as Record<string, unknown>;
  if (value.done === true) {
    if (value.next !== undefined)
      return { ok: false, error: 'routing decision: "done" and "next" are mutually exclusive' };
    return { ok: true, decision: { kind: 'done', result: value.result } };
  }
  if (value.done !== undefined && value.done !== false) {
    return { ok: false, error: `routing decision.done: expected true or false, got ${describe(value.done)}` };
  }
  if (typeof value.next !== 'string' || !AGENT_NAME_PATTERN.test(value.next)) {
    return { ok: false, error: `routing decision.next: expected an agent name, got ${describe(value.next)}` };
  }
  if (value.stepId !== undefined && (typeof value.stepId !== 'string' || !STEP_ID_PATTERN.test(value.stepId))) {
    return { ok: false, error: `routing decision.stepId: expected a step id, got ${describe(value.stepId)}` };
  }
  return {
    ok: true,
    decision: {
      kind: 'next',
      agent: value.next,
      ...(value.input !== undefined ? { input: value.input } : {}),
      ...(value.stepId !== undefined ? { stepId: value.stepId as string } : {}),
    },
  };
}

/** Two decisions are "identical" when they send the same input to the same agent; step ids do not matter. */
export function decisionFingerprint(decision: { readonly agent: string; readonly input?: unknown }): string {
  return hashString(stableStringify({ agent: decision.agent, input: decision.input }));
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string "${value.slice(0, 40)}…"` : `"${value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
