/** The first user message of a conversation, built from the step's task, and the note about dropped turns. */
import type { AgentTask } from '../../orchestration/types';

/** The goal, the step's input and the results it depends on, as plain text a model reads well. */
export function defaultPrompt(task: AgentTask): string {
  const parts = [task.goal];
  if (task.input !== undefined && task.input !== null) parts.push(`Input:\n${asText(task.input)}`);
  if (Object.keys(task.results).length > 0) parts.push(`Results of earlier steps:\n${asText(task.results)}`);
  return parts.join('\n\n');
}

/** Appended to the first message once compaction dropped turns, so the model knows the transcript has a gap. */
export function droppedTurnsNote(droppedTurns: number): string {
  return droppedTurns === 0
    ? ''
    : `\n\n(${droppedTurns} earlier turn${droppedTurns === 1 ? ' was' : 's were'} left out to keep this conversation short.)`;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}
