import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../src';
import { syscallAlert } from './support/alerts';
import { TEST_TOKEN, counterValue, eventually, startTestForwarder } from './support/test-forwarder';
import { startToggleServer } from './support/toggle-server';

function webhookOutput(url: string) {
  return {
    name: 'hook',
    type: 'webhook',
    url,
    minPriority: 'Debug',
    retry: { initialDelayMs: 20, maxDelayMs: 200, maxAttempts: 1000 },
  };
}

// These tests count every alert at the receiver, so the webhook sends every alert instead of coalescing storms.
const KEEP_EVERY_ALERT = { outputs: { hook: { mode: 'off' } } };

function podsIn(bodies: string[]): Set<string> {
  const pods = new Set<string>();
  for (const body of bodies)
    for (const match of body.matchAll(/"k8s\.pod\.name":"([^"]+)"/g)) pods.add(match[1]);
  return pods;
}

describe('forwarder durability', () => {
  it('delivers every accepted alert after a restart while the output was down', async () => {
    const receiver = await startToggleServer(false);
    const directory = mkdtempSync(join(tmpdir(), 'talaria-restart-'));
    const useWebhook = (config: {
      outputs: unknown[];
      noise: Record<string, unknown>;
      shutdown: { graceSeconds: number };
    }) => {
      config.outputs = [webhookOutput(receiver.url)];
      config.noise = KEEP_EVERY_ALERT;
      config.shutdown.graceSeconds = 1;
    };

    const first = await startTestForwarder(useWebhook, directory);
    for (let index = 0; index < 40; index += 1) {
      const response = await first.post(syscallAlert({ pod: `restart-pod-${index}` }));
      expect(response.status).toBe(200);
    }
    const { leftInSpool } = await first.stop();
    expect(leftInSpool).toBe(40);

    receiver.accepting = true;
    const second = await startTestForwarder(useWebhook, directory);
    try {
      await eventually(
        () => podsIn(receiver.accepted).size === 40,
        'all 40 alerts delivered after restart',
      );
      expect([...podsIn(receiver.accepted)].sort()).toEqual(
        Array.from({ length: 40 }, (_, index) => `restart-pod-${index}`).sort(),
      );
    } finally {
      await second.stop();
      await receiver.close();
    }
  });

  it('answers 503, counts drops and turns unready when the spool is full', async () => {
    const receiver = await startToggleServer(false);
    const forwarder = await startTestForwarder((config) => {
      config.outputs = [webhookOutput(receiver.url)];
      config.noise = KEEP_EVERY_ALERT;
      config.spool.maxBytes = 1024 * 1024;
      config.spool.segmentBytes = 64 * 1024;
      config.shutdown.graceSeconds = 0;
    });

    try {
      const batch = Array.from({ length: 200 }, (_, index) =>
        syscallAlert({ pod: `full-pod-${index}` }),
      ).join('\n');
      let sawFull = false;
      for (let attempt = 0; attempt < 20 && !sawFull; attempt += 1) {
        const response = await forwarder.post(batch, { 'content-type': 'application/x-ndjson' });
        sawFull = response.status === 503;
      }

      expect(sawFull).toBe(true);
      const ready = await fetch(`${forwarder.url}/readyz`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).spoolFull).toBe(true);
      const metrics = await forwarder.metricsText();
      expect(
        counterValue(metrics, 'talaria_alerts_dropped_total', { reason: 'spool_full' }),
      ).toBeGreaterThan(0);
      expect(metrics).toContain('talaria_ready 0');
      expect(forwarder.logLines.some((line) => line.includes('spool is full'))).toBe(true);
    } finally {
      await forwarder.stop();
      await receiver.close();
    }
  });
});

describe('forwarder process signals', () => {
  const registerHook = join(__dirname, '..', '..', '..', 'jest.register-typescript.js');
  const entry = join(__dirname, 'support', 'forwarder-process.ts');

  function startProcess(
    directory: string,
    outputs: unknown[],
  ): { child: ChildProcess; lines: AsyncIterableIterator<string> } {
    const config = loadConfig({
      overrides: {
        'listen.host': '127.0.0.1',
        'listen.port': 0,
        'spool.directory': join(directory, 'spool'),
        'deadLetter.path': join(directory, 'dead-letter.ndjson'),
        'shutdown.graceSeconds': 10,
        // The child's log goes to the test output. The retries against a failing receiver are expected, errors are not.
        'log.level': 'error',
      },
    });
    config.auth.tokens = [{ name: 'test', token: TEST_TOKEN }];
    config.outputs = outputs as typeof config.outputs;
    config.noise = KEEP_EVERY_ALERT;

    const child = spawn(process.execPath, ['-r', registerHook, entry], {
      env: { ...process.env, TALARIA_TEST_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[
      Symbol.asyncIterator
    ]();
    return { child, lines };
  }

  async function post(url: string, pod: string): Promise<number> {
    const response = await fetch(`${url}/t/${TEST_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: syscallAlert({ pod }),
    });
    return response.status;
  }

  it('drains on SIGTERM and exits with every accepted alert delivered', async () => {
    const receiver = await startToggleServer(true);
    const directory = mkdtempSync(join(tmpdir(), 'talaria-sigterm-'));
    const { child, lines } = startProcess(directory, [webhookOutput(receiver.url)]);

    try {
      const { url } = JSON.parse((await lines.next()).value as string);
      const statuses = await Promise.all(
        Array.from({ length: 100 }, (_, index) => post(url, `sigterm-pod-${index}`)),
      );
      expect(statuses.every((status) => status === 200)).toBe(true);

      child.kill('SIGTERM');
      const stopped = JSON.parse((await lines.next()).value as string);
      const exitCode = await new Promise((resolve) => child.once('exit', resolve));

      expect(stopped).toEqual({ stopped: true, leftInSpool: 0 });
      expect(exitCode).toBe(0);
      expect(podsIn(receiver.accepted).size).toBe(100);
    } finally {
      child.kill('SIGKILL');
      await receiver.close();
    }
  }, 60_000);

  it('recovers accepted alerts after the process is killed', async () => {
    const receiver = await startToggleServer(false);
    const directory = mkdtempSync(join(tmpdir(), 'talaria-crash-'));
    const { child, lines } = startProcess(directory, [webhookOutput(receiver.url)]);

    const { url } = JSON.parse((await lines.next()).value as string);
    for (let index = 0; index < 30; index += 1)
      expect(await post(url, `crash-pod-${index}`)).toBe(200);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    receiver.accepting = true;
    const restarted = startProcess(directory, [webhookOutput(receiver.url)]);
    try {
      await restarted.lines.next();
      await eventually(
        () => podsIn(receiver.accepted).size === 30,
        'all 30 alerts delivered after the kill',
        20_000,
      );
    } finally {
      restarted.child.kill('SIGKILL');
      await receiver.close();
    }
  }, 60_000);
});
