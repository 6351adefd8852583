import { performance } from 'node:perf_hooks';
import type { ChildMessage, ParentMessage, ProcessSnapshot } from './child-messages';

const SAMPLE_INTERVAL_MS = 1000;

export interface ServedCounts {
  acceptedAlerts(): number | Promise<number>;
  pendingAlerts(): number | Promise<number>;
}

/**
 * Connects a server child to the benchmark. It sends a resource sample every
 * second, responds to snapshot requests and runs `stop` on request. The child
 * exits when the benchmark goes away, so no server outlives a run.
 */
export function reportToParent(counts: ServedCounts, stop: () => Promise<void>): void {
  const send = (message: ChildMessage) => process.send?.(message);
  const snapshot = async (): Promise<ProcessSnapshot> => {
    const cpu = process.cpuUsage();
    const atMs = performance.now();
    const rssBytes = process.memoryUsage.rss();
    return {
      atMs,
      rssBytes,
      cpuMicros: cpu.user + cpu.system,
      acceptedAlerts: await counts.acceptedAlerts(),
      pendingAlerts: await counts.pendingAlerts(),
    };
  };

  const sampler = setInterval(() => {
    void snapshot().then((taken) => send({ type: 'sample', snapshot: taken }));
  }, SAMPLE_INTERVAL_MS);
  sampler.unref();

  process.on('message', (message: ParentMessage) => {
    if (message.type === 'snapshot') {
      void snapshot().then((taken) =>
        send({ type: 'snapshot', requestId: message.requestId, snapshot: taken }),
      );
      return;
    }

    clearInterval(sampler);
    // A normal exit lets --cpu-prof write its profile.
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stopping the server failed:', error);
        process.exit(1);
      },
    );
  });

  process.on('disconnect', () => process.exit(0));
}

/** Tells the benchmark that the child failed to start, then exits. */
export function reportStartFailure(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error('the server failed to start:', error);
  process.send?.({ type: 'failed', message } satisfies ChildMessage, () => process.exit(1));
}
