/** Asks an orchestration, through a query, whether it still awaits a given dispatch of a step. */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { QueryNames } from '../orchestration/names';
import type { InstructionIdentity } from '../orchestration/types';
import type { DispatchProbe } from './agent-activity';

/** A missing orchestration awaits nothing; any other error means "cannot tell". */
export function createDispatchProbe(client: Client): DispatchProbe {
  return async (identity: InstructionIdentity) => {
    try {
      const handle = client.workflow.getHandle(identity.orchestrationId);
      return await handle.query<boolean, [string, number]>(
        QueryNames.isInstructionCurrent,
        identity.stepId,
        identity.dispatch,
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      return undefined;
    }
  };
}
