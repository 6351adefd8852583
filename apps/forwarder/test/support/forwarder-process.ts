// Runs a forwarder in its own process for the signal tests. The parent passes
// the configuration as JSON in TALARIA_TEST_CONFIG and reads the URL from stdout.
import { createLogger } from '@talaria/telemetry';
import { startForwarder, type ForwarderConfig } from '../../src';

async function main(): Promise<void> {
  const config = JSON.parse(process.env.TALARIA_TEST_CONFIG as string) as ForwarderConfig;
  const logger = createLogger({ level: 'warn', destination: process.stderr as never });
  const forwarder = await startForwarder(config, { logger });
  process.stdout.write(`${JSON.stringify({ url: forwarder.url })}\n`);

  process.once('SIGTERM', () => {
    forwarder.stop().then(
      (result) => {
        process.stdout.write(`${JSON.stringify({ stopped: true, ...result })}\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`start failed: ${String(error)}\n`);
  process.exit(1);
});
