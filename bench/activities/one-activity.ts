/** The server benchmark's activity: does no work, so the figures measure the server and the round trips. */
export async function echoIndex(index: number): Promise<number> {
  return index;
}
