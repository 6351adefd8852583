/** Polls `check` every 20 ms until it returns true; rejects with `message` after `timeoutMs`. */
export async function eventuallyTrue(
  check: () => boolean | Promise<boolean>,
  message: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting: ${message}`);
}
