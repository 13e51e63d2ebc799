/** The error of a server that cannot start; shared by the store that opens its database and the server itself. */

/** Raised when the server cannot start: the message is one line a user can act on. */
export class DevServerStartError extends Error {
  override readonly name = 'DevServerStartError';
}
