/**
 * `steadfast run request.json` (or `run -` with the request on stdin): validates and starts an orchestration; with
 * --wait, follows it to its end.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { OrchestrationIdSchema } from '../../config/client-config';
import { TaskQueueSchema } from '../../config/temporal-connection';
import { addConnectionOptions, ConnectionFlagsSchema } from '../connection/connection-flags';
import { parseFlags } from '../flags';
import { readRequestFile } from '../orchestrations/request-file';
import { addUiUrlOption, UiUrlFlagSchema } from '../connection/ui-link';
import { DEFAULT_OUTBOX, EdgeRunFlagsSchema } from '../edge/edge-flags';

const RunFlagsSchema = ConnectionFlagsSchema.extend({
  wait: z.boolean().default(false),
  json: z.boolean().default(false),
  id: OrchestrationIdSchema.optional(),
  taskQueue: TaskQueueSchema.optional(),
  uiUrl: UiUrlFlagSchema.optional(),
}).extend(EdgeRunFlagsSchema.shape);

export type RunFlags = z.output<typeof RunFlagsSchema>;

export function register(program: Command): void {
  addUiUrlOption(
    addConnectionOptions(
      program
        .command('run')
        .description('Start the orchestration a JSON request describes and print its id')
        .argument(
          '<request-file>',
          'orchestration request as JSON, or - to read it from stdin: { "goal": ..., "plan": { "steps": [...] } } ' +
            'or { "goal": ..., "router": {...} }',
        ),
    ),
  )
    .option('--wait', 'show its steps live until it ends; exit code 0 completed, 1 failed or cancelled')
    .option('--json', 'print {"orchestrationId": ...} as JSON; with --wait, print the result as JSON once it ends')
    .option('--id <id>', 'orchestration id (default: a random one)')
    .option('--task-queue <name>', 'task queue of the orchestrator workers (default: steadfast.orchestrator)')
    .option(
      '--when-unreachable <then>',
      "if the server does not accept the start in time: autonomous (answer with the agents' autonomous handlers, " +
        'needs --module), queue (keep it in the outbox until the server is back) or fail; the command then waits for the result',
    )
    .option('--unreachable-after <duration>', 'how long the server may take to accept the start (default: 5s)')
    .option('--module <file>', 'agents module whose autonomous handlers answer at the edge')
    .option(
      '--outbox <file>',
      `edge outbox of this application instance (default: $STEADFAST_OUTBOX, then ${DEFAULT_OUTBOX})`,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  steadfast run examples/brief-request.json --wait\n' +
        '  steadfast run - --json < examples/brief-request.json\n' +
        '  steadfast run examples/brief-request.json --when-unreachable queue --unreachable-after 2s\n' +
        '  steadfast run examples/brief-request.json --when-unreachable autonomous --module examples/agents.js',
    )
    .action(async (file: string, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(RunFlagsSchema, rawFlags, {
        uiUrl: '--ui-url',
        unreachableAfter: '--unreachable-after',
      });
      // Checked before connecting: a bad request is reported even when no server is up.
      const request = readRequestFile(file);
      if (flags.whenUnreachable) {
        const { runAtEdge } = await import('../edge/run-at-edge');
        await runAtEdge(request, { ...flags, whenUnreachable: flags.whenUnreachable });
        return;
      }
      const { runRequest } = await import('../orchestrations/run-request');
      await runRequest(request, flags);
    });
}
