import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ForwarderConfig } from '../src';
import { syscallAlert } from './support/alerts';
import {
  completeLines,
  counterValue,
  eventually,
  startTestForwarder,
} from './support/test-forwarder';
import { startToggleServer } from './support/toggle-server';
import { addWebhook } from './support/webhook-config';

const ALERTS = 20;

/** Returns a configuration step that adds the webhook and shortens the drain. */
function withWebhook(url: string): (config: ForwarderConfig) => void {
  return (config) => {
    config.shutdown.graceSeconds = 2;
    addWebhook(config, url, {
      retry: { initialDelayMs: 20, maxDelayMs: 200, maxAttempts: 1000 },
      circuit: { failureThreshold: 2, cooldownMs: 60_000 },
    });
  };
}

/** Returns the findings in the webhook's request bodies, each one finding or an array of them. */
function findingsIn(bodies: string[]): Array<{ workload: { pod?: string } }> {
  return bodies.flatMap((text) => {
    const value = JSON.parse(text) as unknown;
    return (Array.isArray(value) ? value : [value]) as Array<{ workload: { pod?: string } }>;
  });
}

function podsIn(lines: string[]): string[] {
  return lines
    .map((line) => (JSON.parse(line) as { workload: { pod?: string } }).workload.pod ?? '')
    .sort();
}

describe('a restart while one output is down', () => {
  it('resends only to the output that lacks them', async () => {
    const receiver = await startToggleServer(false);
    const first = await startTestForwarder(withWebhook(receiver.url));
    const { directory } = first;
    const receiptsPath = join(directory, 'spool', 'output-receipts.ndjson');
    const pods = Array.from({ length: ALERTS }, (_, index) => `receipt-pod-${index}`);

    try {
      const body = pods.map((pod) => syscallAlert({ pod })).join('\n');
      const response = await first.post(`${body}\n`, { 'content-type': 'application/x-ndjson' });
      expect(response.status).toBe(200);
      await eventually(
        () => completeLines(first.outputPath).length === ALERTS,
        'every alert in the file output while the webhook is down',
      );
    } finally {
      const { leftInSpool } = await first.stop();
      expect(leftInSpool).toBe(ALERTS);
    }

    // The stop wrote which output already had each waiting finding.
    const receipts = readFileSync(receiptsPath, 'utf8').trim().split('\n');
    expect(receipts).toHaveLength(ALERTS);
    expect(JSON.parse(receipts[0])).toMatchObject({ outputs: ['file'] });

    receiver.accepting = true;
    const second = await startTestForwarder(withWebhook(receiver.url), directory);
    try {
      await eventually(
        () => findingsIn(receiver.accepted).length >= ALERTS,
        'the webhook receives the findings it missed',
      );
      await eventually(
        () => second.runtime.spool.stats().pendingEntries === 0,
        'the replayed entries are acknowledged',
      );

      const delivered = findingsIn(receiver.accepted);
      expect(delivered.map((finding) => finding.workload.pod).sort()).toEqual([...pods].sort());
      // The file output kept one line per alert: the replay skipped it.
      expect(podsIn(completeLines(second.outputPath))).toEqual([...pods].sort());
      const metrics = await second.metricsText();
      expect(
        counterValue(metrics, 'talaria_output_skipped_as_settled_total', { output: 'file' }),
      ).toBe(ALERTS);
      expect(second.logLines.some((line) => line.includes('read output receipts'))).toBe(true);
    } finally {
      await second.stop();
      await receiver.close();
    }

    // Nothing waits any more, so no receipt is left.
    expect(existsSync(receiptsPath)).toBe(false);
  });
});
