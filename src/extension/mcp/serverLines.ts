/**
 * A server's log text for the one output channel all servers share: each line that has text starts
 * with the server's name, so that servers writing at once stay readable.
 */
export function serverLines(server: string, text: string): string {
  return text.replace(/^(?=.)/gm, `[${server}] `);
}
