import type { ForwarderConfig } from '../src';
import { syscallAlert } from './support/alerts';
import {
  completeLines,
  counterValue,
  eventually,
  startTestForwarder,
} from './support/test-forwarder';
import { startToggleServer } from './support/toggle-server';

// The forwarder keeps at most 2,000 findings between its spool and the outputs.
// The down output's queue is larger, so if the findings it keeps counted against
// that limit, the file output would stop at 2,000. More alerts than the queue
// takes make the down output dead-letter the rest.
const ALERTS = 4_000;
const BATCH = 500;
const DOWN_QUEUE = 2_500;
// Findings the down output has taken off its queue to retry.
const RETRYING_AT_MOST = 100;

/**
 * Starts a forwarder with its test file output and a webhook named `down` at
 * `url`, with no coalescing, so each alert reaches both outputs as itself.
 */
function startWithDownWebhook(
  url: string,
  down: { maxQueue?: number; circuit: Record<string, number> },
  adjust: (config: ForwarderConfig) => void = () => undefined,
) {
  return startTestForwarder((config) => {
    config.outputs.push({
      name: 'down',
      type: 'webhook',
      url,
      minPriority: 'Debug',
      ...(down.maxQueue === undefined ? {} : { maxQueue: down.maxQueue }),
      retry: { initialDelayMs: 20, maxDelayMs: 200, maxAttempts: 1000 },
      circuit: down.circuit,
    });
    config.noise = { outputs: { down: { mode: 'off' }, file: { mode: 'off' } } };
    adjust(config);
  });
}

describe('an output that is down', () => {
  it('does not hold back the other outputs', async () => {
    const receiver = await startToggleServer(false);
    const forwarder = await startWithDownWebhook(receiver.url, {
      maxQueue: DOWN_QUEUE,
      circuit: { failureThreshold: 2, cooldownMs: 60_000 },
    });

    try {
      for (let sent = 0; sent < ALERTS; sent += BATCH) {
        const lines = Array.from({ length: BATCH }, (_, index) =>
          syscallAlert({ pod: `isolation-pod-${sent + index}` }),
        );
        const response = await forwarder.post(`${lines.join('\n')}\n`, {
          'content-type': 'application/x-ndjson',
        });
        expect(response.status).toBe(200);
      }

      await eventually(
        () => completeLines(forwarder.outputPath).length === ALERTS,
        `all ${ALERTS} alerts in the file output while the webhook is down`,
        20_000,
      );

      // The down output kept its queue full and dead-lettered the rest.
      const metrics = await forwarder.metricsText();
      const deadLettered = counterValue(metrics, 'talaria_output_dead_lettered_total', {
        output: 'down',
      });
      expect(deadLettered).toBeGreaterThanOrEqual(ALERTS - DOWN_QUEUE - RETRYING_AT_MOST);
      expect(deadLettered).toBeLessThanOrEqual(ALERTS - DOWN_QUEUE);
      expect(receiver.accepted).toHaveLength(0);
    } finally {
      await forwarder.stop();
      await receiver.close();
    }
  }, 30_000);

  it('does not hold a shutdown for the whole grace period', async () => {
    const receiver = await startToggleServer(false);
    const forwarder = await startWithDownWebhook(
      receiver.url,
      { circuit: { failureThreshold: 1, cooldownMs: 60_000 } },
      (config) => (config.shutdown.graceSeconds = 30),
    );

    try {
      for (let index = 0; index < 20; index += 1) {
        const response = await forwarder.post(syscallAlert({ pod: `drain-pod-${index}` }));
        expect(response.status).toBe(200);
      }
      await eventually(
        () => completeLines(forwarder.outputPath).length === 20,
        'all 20 alerts in the file output',
      );
      await eventually(
        async () =>
          counterValue(await forwarder.metricsText(), 'talaria_output_circuit_open', {
            output: 'down',
          }) === 1,
        'the circuit of the down output open',
      );

      const startedAt = Date.now();
      const { leftInSpool } = await forwarder.stop();

      // The alerts stay in the spool for the down output, and the stop ends
      // well before the 30 s grace period.
      expect(leftInSpool).toBe(20);
      expect(Date.now() - startedAt).toBeLessThan(15_000);
      expect(forwarder.logLines.join('\n')).toContain('ending the drain early');
    } finally {
      await forwarder.stop();
      await receiver.close();
    }
  }, 60_000);

  it('releases spool entries after circuit.maxWaitMs', async () => {
    const receiver = await startToggleServer(false);
    const forwarder = await startWithDownWebhook(receiver.url, {
      circuit: { failureThreshold: 1, cooldownMs: 60_000, maxWaitMs: 1000 },
    });

    try {
      for (let index = 0; index < 30; index += 1) {
        const response = await forwarder.post(syscallAlert({ pod: `wait-pod-${index}` }));
        expect(response.status).toBe(200);
      }

      // Only the batch the down output is retrying keeps its spool entry.
      await eventually(
        () => forwarder.runtime.spool.stats().pendingEntries <= 1,
        'the spool released the findings the down output gave up',
      );
      const metrics = await forwarder.metricsText();
      const gaveUp = counterValue(metrics, 'talaria_output_dead_lettered_total', {
        output: 'down',
        reason: 'output_down',
      });
      expect(gaveUp).toBeGreaterThanOrEqual(29);
      expect(completeLines(forwarder.outputPath)).toHaveLength(30);
    } finally {
      await forwarder.stop();
      await receiver.close();
    }
  }, 30_000);
});
