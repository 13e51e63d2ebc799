/** The public shape of a running embedded development server. */

export interface RunningDevServer {
  /** host:port that clients and workers connect to. */
  readonly address: string;
  readonly port: number;
  /** Stops accepting calls, ends open long polls and closes the database. */
  close(): Promise<void>;
}

/** Raised when the server cannot start: the message is one line a user can act on. */
export class DevServerStartError extends Error {
  override readonly name = 'DevServerStartError';
}
