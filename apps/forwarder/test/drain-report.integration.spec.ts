import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { syscallAlert } from './support/alerts';
import { counterValue, eventually, startTestForwarder } from './support/test-forwarder';
import { startToggleServer } from './support/toggle-server';
import { addWebhook } from './support/webhook-config';

describe('the drain report', () => {
  it('counts findings settled during spool wait', async () => {
    const receiver = await startToggleServer(false);
    const forwarder = await startTestForwarder((config) => {
      addWebhook(config, receiver.url, { circuit: { failureThreshold: 100 } });
    });

    try {
      for (let index = 0; index < 5; index += 1) {
        const response = await forwarder.post(syscallAlert({ pod: `report-pod-${index}` }));
        expect(response.status).toBe(200);
      }
      // The counter, not the file, because a line lands before its send settles.
      await eventually(
        async () =>
          counterValue(await forwarder.metricsText(), 'talaria_output_delivered_total', {
            output: 'file',
          }) === 5,
        'all 5 alerts delivered to the file output',
      );
      await eventually(
        async () =>
          counterValue(await forwarder.metricsText(), 'talaria_output_failed_total', {
            output: 'hook',
          }) > 0,
        'a failed send to the webhook',
      );

      // The webhook accepts the retry, which comes while the drain waits for the spool.
      const stopping = forwarder.stop();
      await eventually(
        () => forwarder.logLines.some((line) => line.includes('draining the forwarder')),
        'the drain begun',
      );
      receiver.accepting = true;
      const { leftInSpool } = await stopping;

      const drained = forwarder.logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.msg === 'forwarder drained');
      expect(leftInSpool).toBe(0);
      expect(drained?.deliveredWhileDraining).toEqual({ file: 0, hook: 5 });
      expect(drained?.deadLetteredWhileDraining).toEqual({ file: 0, hook: 0 });
    } finally {
      await forwarder.stop();
      await receiver.close();
    }
  }, 30_000);

  it('dead-letters an untaken storm summary', async () => {
    const receiver = await startToggleServer(true);
    const forwarder = await startTestForwarder((config) => {
      config.shutdown.graceSeconds = 3;
      addWebhook(config, receiver.url, {
        retry: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 1000 },
        circuit: { failureThreshold: 2 },
      });
      config.noise = {
        outputs: { hook: { mode: 'coalesce', windowSeconds: 60 }, file: { mode: 'off' } },
      };
    });

    try {
      // One storm: the first alert goes out, the other two wait for the summary.
      for (let index = 0; index < 3; index += 1) {
        const response = await forwarder.post(syscallAlert({ pod: 'storm-pod' }));
        expect(response.status).toBe(200);
      }
      await eventually(() => receiver.accepted.length === 1, 'the storm opened at the webhook');
      await eventually(
        async () =>
          counterValue(await forwarder.metricsText(), 'talaria_output_delivered_total', {
            output: 'file',
          }) === 3,
        'all 3 alerts delivered to the file output',
      );

      receiver.accepting = false;
      const { leftInSpool } = await forwarder.stop();

      expect(leftInSpool).toBe(0);
      const records = readFileSync(join(forwarder.directory, 'dead-letter.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as {
              output: string;
              reason: string;
              attempts: number;
              lastError: string;
              finding: { coalesced: { count: number } };
            },
        );
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ output: 'hook', reason: 'drain_ended' });
      // The summary was sent and rejected before the drain ended, and the record shows it.
      expect(records[0].attempts).toBeGreaterThan(0);
      expect(records[0].lastError).toContain('HTTP 503');
      expect(records[0].finding.coalesced.count).toBe(2);
      expect(forwarder.logLines.some((line) => line.includes('they are lost'))).toBe(false);
    } finally {
      await forwarder.stop();
      await receiver.close();
    }
  }, 30_000);
});
