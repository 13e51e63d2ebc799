/** How one run of an orchestration's drive loop ended. */
import type { OrchestrationFailure } from '../orchestration/failure-types';

export type RunEnd =
  | { readonly kind: 'completed'; readonly output: unknown }
  | { readonly kind: 'failed'; readonly failure: OrchestrationFailure }
  /** History grew large: all in-flight work drained, carry the state into a new run. */
  | { readonly kind: 'continue' };
