/**
 * Runs `action` and returns the error it throws when that error is a
 * `type`. Any other error is thrown again, and an action that throws nothing
 * fails the test with a message naming the expected type.
 */
export function thrownBy<T extends Error>(
  action: () => unknown,
  type: abstract new (...args: never[]) => T,
): T {
  try {
    action();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}, but the action threw nothing`);
}
