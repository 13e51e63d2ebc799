/** The `<id>` argument the commands that act on one orchestration share, with its flags' schema and help. */
import type { Command } from 'commander';
import { OrchestrationIdSchema } from '../../config/client-config';
import { addConnectionOptions, ConnectionFlagsSchema } from '../connection/connection-flags';

export const OrchestrationFlagsSchema = ConnectionFlagsSchema.extend({ id: OrchestrationIdSchema });

/** How a schema key is named in messages: the id is the positional argument. */
export const ID_FLAG_NAMES = { id: '<id>' } as const;

/** `steadfast <name> <id>` with the connection options. */
export function orchestrationCommand(program: Command, name: string, description: string): Command {
  return addConnectionOptions(
    program
      .command(name)
      .description(description)
      .argument('<id>', 'orchestration id, as `steadfast run` or `steadfast list` printed it'),
  );
}
