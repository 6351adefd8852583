import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Runs a full garbage collection, so a test can check with a WeakRef that
 * nothing keeps an object alive. It waits one event-loop turn first, because
 * a WeakRef keeps its target until the current job has ended.
 */
export async function collectGarbage(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));

  // The flag adds gc() only to contexts created afterwards, so the test's own globals stay as they are.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
}
