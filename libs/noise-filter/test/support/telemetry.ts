import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@talaria/telemetry';

/** Creates a logger that keeps its JSON lines, parsed, in `lines`. */
export function captureLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination: sink }), lines };
}

/** Reads one metric's value for the given labels, 0 when it has none. */
export async function metricValue(
  registry: import('prom-client').Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((item) => item.name === name);
  const values = (metric?.values ?? []) as Array<{
    value: number;
    labels: Record<string, string | number>;
  }>;
  return values
    .filter((item) =>
      Object.entries(labels).every(([key, value]) => String(item.labels[key]) === value),
    )
    .reduce((sum, item) => sum + item.value, 0);
}
