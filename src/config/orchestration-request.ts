/** Schema of an orchestration request: a goal plus either a plan of steps or a router agent. */
import { z } from 'zod';
import { DEFAULT_HEALTH_REGISTRY_ID, STEP_ID_PATTERN } from '../orchestration/names';
import { findPlanGraphIssues } from '../orchestration/plan-graph';
import {
  AgentNameSchema,
  AgentRetryOverrideSchema,
  AgentTimeoutsOverrideSchema,
  FallbackOverrideSchema,
} from './agent-policy-schemas';
import { durationAtLeast } from './duration';
import { BudgetSchema, OrchestrationBudgetSchema } from './llm-budget-config';
import { parseOrThrow } from './parse-config';

export const StepIdSchema = z
  .string({ error: 'expected a step id' })
  .regex(STEP_ID_PATTERN, 'expected a step id: letters, digits, "_", ".", ":" or "-" (at most 100)');

const policyOverrides = {
  timeouts: AgentTimeoutsOverrideSchema.optional(),
  retry: AgentRetryOverrideSchema.optional(),
  fallback: FallbackOverrideSchema.optional(),
};

export const AgentStepSchema = z.strictObject({
  kind: z.literal('agent'),
  id: StepIdSchema,
  agent: AgentNameSchema,
  input: z.unknown().optional(),
  dependsOn: z.array(StepIdSchema).default([]),
  ...policyOverrides,
  /** Language-model budget of this step (LLM agents); replaces the request's `budget.perStep`. */
  budget: BudgetSchema.optional(),
});

/** Waits for a human approve/reject signal; its result is the decision. */
export const ApprovalStepSchema = z.strictObject({
  kind: z.literal('approval'),
  id: StepIdSchema,
  dependsOn: z.array(StepIdSchema).default([]),
  prompt: z.string().max(4_000).optional(),
  /** The dependency whose result is what the approver is asked to approve; default: every dependency's result. */
  summaryFrom: StepIdSchema.optional(),
  timeout: durationAtLeast(1).default(24 * 3_600_000),
  onTimeout: z.enum(['approve', 'reject'], { error: 'expected "approve" or "reject"' }).default('reject'),
  /** "continue" lets dependents run with the rejection as this step's result. */
  onReject: z.enum(['fail', 'continue'], { error: 'expected "fail" or "continue"' }).default('fail'),
});

const kindDefaultsToAgent = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !('kind' in value)
    ? { ...value, kind: 'agent' }
    : value;

export const PlanStepSchema = z.preprocess(
  kindDefaultsToAgent,
  z.discriminatedUnion('kind', [AgentStepSchema, ApprovalStepSchema], {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'expected "agent" or "approval"'
        : 'expected a step: { id, agent, input?, dependsOn? } or { id, kind: "approval", ... }',
  }),
);

export const PlanSchema = z.strictObject({
  steps: z.array(PlanStepSchema).min(1, 'a plan needs at least one step').max(1_000),
  /** Independent steps run in parallel, at most this many at a time. */
  maxParallel: z.number().int().min(1).max(1_000).default(8),
});

export const RouterSchema = z.strictObject({
  /** The agent that picks the next step from the results so far, until it says done. */
  agent: AgentNameSchema,
  input: z.unknown().optional(),
  /** How many identical routing decisions (same agent, same input) count as a loop. */
  loopThreshold: z.number().int().min(2).max(100).default(3),
  ...policyOverrides,
  /** Language-model budget of each routing step, when the router is an LLM agent. */
  budget: BudgetSchema.optional(),
});

export const OrchestrationRequestSchema = z
  .strictObject({
    goal: z.string({ error: 'expected the goal as text' }).trim().min(1, 'must not be empty').max(20_000),
    plan: PlanSchema.optional(),
    router: RouterSchema.optional(),
    /** Most steps one orchestration may dispatch (router mode) or contain (plan mode). */
    maxSteps: z.number().int().min(1).max(100_000).default(100),
    /** Deadline of the whole orchestration, from its start. */
    deadline: durationAtLeast(1).optional(),
    /** Language-model budget of the whole orchestration (tokens, calls, cost, wall time) and of each step. */
    budget: OrchestrationBudgetSchema.optional(),
    /** History length at which the orchestration continues as new, carrying all its state. */
    continueAsNewAfterEvents: z.number().int().min(50).max(50_000).default(10_000),
    agentHealth: z
      .strictObject({
        /** Consult and feed the shared agent-health registry. */
        enabled: z.boolean().default(true),
        registryId: z.string().min(1).max(200).default(DEFAULT_HEALTH_REGISTRY_ID),
      })
      .prefault({}),
    /** Only enable what the server supports: custom search attributes must be registered first. */
    visibility: z
      .strictObject({ searchAttributes: z.boolean().default(false), memo: z.boolean().default(false) })
      .prefault({}),
  })
  .superRefine((request, ctx) => {
    if (request.plan === undefined && request.router === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'expected either "plan" or "router"' });
    }
    if (request.plan !== undefined && request.router !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['router'], message: '"plan" and "router" are mutually exclusive' });
    }
    if (request.plan === undefined) return;
    for (const issue of findPlanGraphIssues(request.plan.steps)) {
      ctx.addIssue({ code: 'custom', path: ['plan', 'steps', ...issue.path], message: issue.message });
    }
    request.plan.steps.forEach((step, index) => {
      if (step.kind === 'approval' && step.summaryFrom !== undefined && !step.dependsOn.includes(step.summaryFrom)) {
        ctx.addIssue({
          code: 'custom',
          path: ['plan', 'steps', index, 'summaryFrom'],
          message: `"${step.summaryFrom}" is not among this step's dependsOn`,
        });
      }
    });
    if (request.plan.steps.length > request.maxSteps) {
      ctx.addIssue({
        code: 'custom',
        path: ['plan', 'steps'],
        message: `${request.plan.steps.length} steps exceed maxSteps (${request.maxSteps})`,
      });
    }
  });

export type OrchestrationRequestInput = z.input<typeof OrchestrationRequestSchema>;
export type OrchestrationRequest = z.output<typeof OrchestrationRequestSchema>;
export type PlanStep = z.output<typeof PlanStepSchema>;
export type AgentStep = z.output<typeof AgentStepSchema>;
export type ApprovalStep = z.output<typeof ApprovalStepSchema>;
export type RouterConfig = z.output<typeof RouterSchema>;

/** Validates a request at the client; throws InvalidConfigError whose lines name each bad field. */
export function parseOrchestrationRequest(input: unknown): OrchestrationRequest {
  return parseOrThrow(OrchestrationRequestSchema, input, 'orchestration request');
}
