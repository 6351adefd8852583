import { performance } from 'node:perf_hooks';

/** Request for one timed JSON.parse loop. */
export interface ParseLoopRequest {
  type: 'parse-loop';
  lines: string[];
  warmupSeconds: number;
  seconds: number;
}

/** Alerts parsed in the timed part of the loop. */
export interface ParseLoopResult {
  type: 'parse-loop-result';
  alerts: number;
  seconds: number;
  /** CPU time the loop used, which is less than `seconds` when other processes took the core. */
  cpuSeconds: number;
}

// Baseline for batched ingest. It runs JSON.parse over the alert lines, one line
// at a time, in a process of its own like the servers.
function parseFor(lines: readonly string[], seconds: number): ParseLoopResult {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const deadline = started + seconds * 1000;
  let alerts = 0;
  let objects = 0;

  while (performance.now() < deadline) {
    for (const line of lines) {
      // Counting objects keeps the engine from dropping an unused parse.
      if (typeof JSON.parse(line) === 'object') objects += 1;
    }
    alerts += lines.length;
  }

  if (objects !== alerts) console.error(`${alerts - objects} alert lines were not JSON objects`);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    type: 'parse-loop-result',
    alerts,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

process.once('message', (request: ParseLoopRequest) => {
  parseFor(request.lines, request.warmupSeconds);
  const result = parseFor(request.lines, request.seconds);
  process.send?.(result, () => process.exit(0));
});

process.on('disconnect', () => process.exit(0));
