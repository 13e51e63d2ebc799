/** The public shape of a running embedded development server. */

export interface RunningDevServer {
  /** host:port that clients and workers connect to. */
  readonly address: string;
  readonly port: number;
  /** Stops accepting calls, ends open long polls and closes the database. */
  close(): Promise<void>;
}

export { DevServerStartError } from './errors/dev-server-start-error';
