/**
 * The flags every command that talks to a server shares: where the server is and which namespace to use; they win over
 * the TEMPORAL_* variables and the TOML profile (config/temporal-profile.ts).
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_NAMESPACE, DEFAULT_TEMPORAL_ADDRESS } from '../../config/temporal-connection';
import { addressFlag } from '../flags';

export const ConnectionFlagsSchema = z.object({
  address: addressFlag('--address').optional(),
  namespace: z.string().trim().min(1, { error: '--namespace must not be empty' }).max(200).optional(),
});

export type ConnectionFlags = z.output<typeof ConnectionFlagsSchema>;

export function addConnectionOptions(command: Command): Command {
  return command
    .option(
      '--address <host:port>',
      `server to connect to (default: $TEMPORAL_ADDRESS, the $TEMPORAL_PROFILE profile, then ${DEFAULT_TEMPORAL_ADDRESS})`,
    )
    .option(
      '--namespace <name>',
      `namespace (default: $TEMPORAL_NAMESPACE, the $TEMPORAL_PROFILE profile, then ${DEFAULT_NAMESPACE})`,
    )
    .addHelpText(
      'after',
      '\nConnection: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_* and TEMPORAL_PROFILE ' +
        "(a profile of TEMPORAL_CONFIG_FILE), as Temporal's CLI reads them; flags win. See docs/deployment.md.",
    );
}
