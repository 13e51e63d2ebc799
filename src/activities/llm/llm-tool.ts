/**
 * Tools of LLM agents: ordinary AI SDK tools with a zod input schema, optionally carrying Steadfast's policy (timeout,
 * retries) through `llmTool`. Each call runs as its own activity with an idempotency key in `options.context`.
 */
import { tool, type Tool, type ToolExecutionOptions } from 'ai';
import type { z } from 'zod';
import {
  TOOL_NAME_PATTERN,
  ToolPolicySchema,
  type ToolPolicyConfig,
  type ToolPolicyInput,
} from '../../config/llm-agent-config';
import { zodIssueLines } from '../../config/format-zod-error';
import type { LlmToolRuntime, SteadfastToolContext } from './llm-agent-runtime';

const TOOL_POLICY = Symbol.for('steadfast.toolPolicy');

export interface LlmToolOptions<S extends z.ZodType, O> extends ToolPolicyInput {
  readonly description?: string;
  readonly inputSchema: S;
  readonly execute: (input: z.output<S>, options: ToolExecutionOptions<SteadfastToolContext>) => O | Promise<O>;
}

/** An AI SDK tool (usable with generateText too) that also says how Steadfast runs it: timeout, retries, heartbeat. */
export function llmTool<S extends z.ZodType, O>(options: LlmToolOptions<S, O>): Tool<z.output<S>, O> {
  const { description, inputSchema, execute, ...policy } = options;
  const made = tool<z.output<S>, O, SteadfastToolContext>({
    ...(description !== undefined ? { description } : {}),
    inputSchema,
    execute,
  } as never) as Tool<z.output<S>, O>;
  Object.defineProperty(made, TOOL_POLICY, { value: policy, enumerable: false });
  return made;
}

export interface ParsedTools {
  readonly tools: Record<string, { readonly runtime: LlmToolRuntime; readonly policy: ToolPolicyConfig }>;
  readonly problems: string[];
}

/** Checks every tool of an agent: a usable name, a zod input schema, an execute function, a valid policy. */
export function parseTools(raw: Readonly<Record<string, unknown>>): ParsedTools {
  const tools: ParsedTools['tools'] = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const at = `tools.${name}`;
    if (!TOOL_NAME_PATTERN.test(name)) {
      problems.push(`${at}: tool names are 1-64 letters, digits, "_" or "-" (what providers accept)`);
      continue;
    }
    if (value === null || typeof value !== 'object') {
      problems.push(`${at}: expected an AI SDK tool, e.g. llmTool({ inputSchema: z.object({...}), execute })`);
      continue;
    }
    const candidate = value as { inputSchema?: unknown; execute?: unknown; [TOOL_POLICY]?: unknown };
    const schema = candidate.inputSchema;
    if (!isZodSchema(schema)) {
      problems.push(
        `${at}.inputSchema: expected a zod schema such as z.object({ ... }), got ${describeSchema(schema)}`,
      );
      continue;
    }
    if (typeof candidate.execute !== 'function') {
      problems.push(`${at}.execute: expected a function (input, options) => result; Steadfast runs every tool itself`);
      continue;
    }
    const policy = ToolPolicySchema.safeParse(candidate[TOOL_POLICY] ?? {});
    if (!policy.success) {
      problems.push(...zodIssueLines(policy.error).map((issue) => `${at}.${issue}`));
      continue;
    }
    const execute = candidate.execute as LlmToolRuntime['execute'];
    tools[name] = {
      runtime: {
        tool: value as Tool,
        execute,
        parseInput: (input) => {
          const parsed = schema.safeParse(input);
          return parsed.success
            ? { success: true, data: parsed.data }
            : { success: false, error: zodIssueLines(parsed.error, { root: 'input' }).join('; ') };
        },
      },
      policy: policy.data,
    };
  }
  return { tools, problems };
}

interface ZodLike {
  safeParse(input: unknown): { success: true; data: unknown } | { success: false; error: z.ZodError };
}

/** zod 4 schemas carry `_zod`; zod 3 ones `_def` and `safeParse`. JSON schemas and functions are neither. */
function isZodSchema(value: unknown): value is ZodLike {
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return typeof record.safeParse === 'function' && ('_zod' in record || '_def' in record);
}

function describeSchema(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value !== null && typeof value === 'object' && 'jsonSchema' in value) return 'an AI SDK jsonSchema(...)';
  if (value !== null && typeof value === 'object' && 'type' in value) return 'a JSON schema';
  return typeof value;
}
