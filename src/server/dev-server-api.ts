/** The public shape of a running embedded development server. */

export interface RunningDevServer {
  /** host:port that clients and workers connect to. */
  readonly address: string;
  readonly port: number;
  /** The UI's address, e.g. http://127.0.0.1:8233, when the server serves one. */
  readonly uiUrl: string | undefined;
  /** False when the UI listener runs but no built UI was found (its pages then say how to build it). */
  readonly uiBuilt: boolean;
  /** HTTP requests of the UI listener being answered now, long polls included (0 when headless). */
  uiOpenRequests(): number;
  /** Stops accepting calls, ends open long polls and closes the database. */
  close(): Promise<void>;
}

export { DevServerStartError } from './errors/dev-server-start-error';
