/** Confirmed heartbeats through the pool's client: the server's answer tells whether the attempt is still current. */
import {
  ActivityCancelledError,
  ActivityNotFoundError,
  ActivityPausedError,
  ActivityResetError,
  type Client,
} from '@temporalio/client';
import type { HeartbeatConfirmer } from './attempt-lease';

/**
 * Cancellation, pause and reset (reported by the client as errors) leave the attempt current: the worker delivers
 * those to the handler on its own. Not found means the server timed the attempt out or the step moved on.
 */
export function createHeartbeatConfirmer(client: Client): HeartbeatConfirmer {
  return async (taskToken, details, deadlineMs) => {
    try {
      await client.connection.withDeadline(deadlineMs, () => client.activity.heartbeat(taskToken, details));
      return 'current';
    } catch (error) {
      if (error instanceof ActivityNotFoundError) return 'gone';
      const stillCurrent =
        error instanceof ActivityCancelledError ||
        error instanceof ActivityPausedError ||
        error instanceof ActivityResetError;
      if (stillCurrent) return 'current';
      throw error;
    }
  };
}
