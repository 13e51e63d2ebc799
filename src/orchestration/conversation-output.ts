/** A conversation's final answer as the step's result: the text, or the JSON value it holds (fences allowed). */

export type FinalOutput =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export function finalOutput(text: string, kind: 'text' | 'json'): FinalOutput {
  if (kind === 'text') return { ok: true, value: text };
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  const body = (fenced ? fenced[1]! : text).trim();
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    const shown = body.length > 200 ? `${body.slice(0, 200)}…` : body;
    return {
      ok: false,
      error: `the model's final answer is not the JSON the agent promises (output: "json"): ${shown}`,
    };
  }
}
