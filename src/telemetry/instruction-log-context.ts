/**
 * Activity interceptor for agent activities (pool workers, and autonomous handlers on the orchestrator): every log
 * line written while an instruction runs names its orchestration, step, agent, branch mode and dispatch.
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { InstructionIdentity } from '../orchestration/types';

export const instructionLogContext: ActivityInterceptorsFactory = () => {
  let identity: InstructionIdentity | undefined;
  return {
    inbound: {
      execute(input, next) {
        identity = instructionIdentityOf(input.args[0]);
        return next(input);
      },
    },
    outbound: {
      getLogAttributes(attributes, next) {
        if (!identity) return next(attributes);
        return next({
          ...attributes,
          orchestrationId: identity.orchestrationId,
          stepId: identity.stepId,
          agent: identity.agent,
          mode: identity.mode,
          dispatch: identity.dispatch,
        });
      },
    },
  };
};

/** The identity of a Steadfast instruction, or undefined for any other activity argument. */
export function instructionIdentityOf(argument: unknown): InstructionIdentity | undefined {
  const identity = (argument as { identity?: Partial<InstructionIdentity> } | null)?.identity;
  if (
    typeof identity?.orchestrationId !== 'string' ||
    typeof identity.stepId !== 'string' ||
    typeof identity.agent !== 'string'
  ) {
    return undefined;
  }
  return identity as InstructionIdentity;
}
