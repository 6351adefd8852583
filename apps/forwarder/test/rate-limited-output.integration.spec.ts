import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { syscallAlert } from './support/alerts';
import { counterValue, eventually, startTestForwarder } from './support/test-forwarder';
import { addWebhook } from './support/webhook-config';

/** Starts a webhook receiver that answers 429 with Retry-After: 1 to its first `limited` requests. */
async function startLimitingReceiver(limited: number) {
  const state = { requests: 0, accepted: 0 };
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      state.requests += 1;
      if (state.requests <= limited) {
        response.writeHead(429, { 'retry-after': '1' }).end('slow down');
        return;
      }
      state.accepted += 1;
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('a rate-limited webhook', () => {
  it('pauses instead of failing', async () => {
    const receiver = await startLimitingReceiver(3);
    // Three rejections would open this circuit and exhaust these retries if they counted.
    const forwarder = await startTestForwarder((config) => {
      addWebhook(config, receiver.url, {
        retry: { maxAttempts: 2 },
        circuit: { failureThreshold: 2 },
      });
    });

    try {
      const response = await forwarder.post(syscallAlert({ pod: 'limited-pod' }));
      expect(response.status).toBe(200);

      await eventually(() => receiver.state.accepted === 1, 'the alert delivered to the webhook');
      const metrics = await forwarder.metricsText();

      expect(receiver.state.requests).toBe(4);
      expect(
        counterValue(metrics, 'talaria_output_destination_rate_limited_total', { output: 'hook' }),
      ).toBe(3);
      expect(
        counterValue(metrics, 'talaria_output_failed_total', {
          output: 'hook',
          reason: 'rate_limited',
        }),
      ).toBe(3);
      expect(counterValue(metrics, 'talaria_output_circuit_open', { output: 'hook' })).toBe(0);
      expect(counterValue(metrics, 'talaria_output_dead_lettered_total', { output: 'hook' })).toBe(
        0,
      );
    } finally {
      await forwarder.stop();
      await receiver.close();
    }
  }, 30_000);
});
