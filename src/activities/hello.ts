/** The demo's activity: where a real agent call would do its I/O, it composes a greeting. */
export async function composeGreeting(name: string): Promise<string> {
  return `Hello, ${name}!`;
}
