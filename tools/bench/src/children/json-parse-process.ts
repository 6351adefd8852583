import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ParseLoopRequest, ParseLoopResult } from './json-parse-child';

// Time the child may take beyond its warm-up and measured loops before it is killed.
const EXTRA_MS = 30_000;

/** Runs a timed JSON.parse loop over `lines` in a child process and returns its count. */
export function runJsonParseLoop(
  lines: string[],
  warmupSeconds: number,
  seconds: number,
): Promise<ParseLoopResult> {
  const child = fork(join(__dirname, 'json-parse-child.js'), [], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.pipe(process.stderr);
  child.stderr?.pipe(process.stderr);

  return new Promise((resolve, reject) => {
    const limitMs = (warmupSeconds + seconds) * 1000 + EXTRA_MS;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the JSON.parse loop did not finish within ${limitMs} ms`));
    }, limitMs);

    child.once('message', (result: ParseLoopResult) => {
      clearTimeout(timer);
      resolve(result);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`the JSON.parse loop exited without a result (code ${code}, signal ${signal})`),
      );
    });

    const request: ParseLoopRequest = { type: 'parse-loop', lines, warmupSeconds, seconds };
    child.send(request);
  });
}
