/** The `steadfast/server` entry point: the embedded Temporal-compatible development server, started in-process. */
export { startDevServer } from './dev-server';
export type { DevServerOutput } from './dev-server';
export { DevServerStartError } from './dev-server-api';
export type { RunningDevServer } from './dev-server-api';
export type { DevServerConfigInput as DevServerOptions } from '../config/dev-server-config';
