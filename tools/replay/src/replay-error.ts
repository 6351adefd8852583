/** Invalid replay options or an unreadable corpus; the message names the value and the fix. */
export class ReplayError extends Error {
  override readonly name = 'ReplayError';
}
