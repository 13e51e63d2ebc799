/** The `steadfast/testing` entry point: a whole Steadfast deployment in the test's process, for users' own tests. */
export { SteadfastTestEnvironment } from './steadfast-test-environment';
export type { TestEnvironmentOptions } from './steadfast-test-environment';
