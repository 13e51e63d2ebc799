/**
 * Builds an AI SDK model from a provider spec ({ provider, model, baseURL, apiKey }), for agents configured by data.
 * A missing API key is a definition-time error naming the field and the environment variable, not a failed call later.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { ModelSpec } from '../../config/llm-agent-config';

export type ModelSpecResult = { readonly model: LanguageModelV4 } | { readonly problems: readonly string[] };

const DEFAULT_KEY_ENV = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' } as const;

export function modelFromSpec(spec: ModelSpec, env: NodeJS.ProcessEnv = process.env): ModelSpecResult {
  const keyEnv = spec.apiKeyEnv ?? (spec.provider === 'openai-compatible' ? undefined : DEFAULT_KEY_ENV[spec.provider]);
  const apiKey = spec.apiKey ?? (keyEnv !== undefined ? nonEmpty(env[keyEnv]) : undefined);
  // Local OpenAI-compatible servers usually need no key; the hosted providers always do.
  if (apiKey === undefined && (spec.provider !== 'openai-compatible' || spec.apiKeyEnv !== undefined)) {
    return { problems: [`model.apiKey: missing: set ${keyEnv} or pass model.apiKey`] };
  }
  switch (spec.provider) {
    case 'openai': {
      const openai = createOpenAI({
        ...(apiKey !== undefined ? { apiKey } : {}),
        ...(spec.baseURL !== undefined ? { baseURL: spec.baseURL } : {}),
      });
      // Servers other than OpenAI's own speak chat completions; OpenAI itself is reached through its Responses API.
      return { model: spec.baseURL !== undefined ? openai.chat(spec.model) : openai(spec.model) };
    }
    case 'anthropic': {
      const anthropic = createAnthropic({
        ...(apiKey !== undefined ? { apiKey } : {}),
        ...(spec.baseURL !== undefined ? { baseURL: spec.baseURL } : {}),
      });
      return { model: anthropic(spec.model) };
    }
    case 'openai-compatible': {
      const provider = createOpenAICompatible({
        name: spec.name ?? 'openai-compatible',
        baseURL: spec.baseURL!,
        ...(apiKey !== undefined ? { apiKey } : {}),
        // Without it, streamed replies carry no token usage and budgets would have to estimate every call.
        includeUsage: true,
      });
      return { model: provider.chatModel(spec.model) };
    }
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
