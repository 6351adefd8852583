import { loadConfig, startForwarder } from '@talaria/forwarder';
import type { ChildMessage, ServerChildSettings } from './child-messages';
import { reportStartFailure, reportToParent } from './child-reporter';
import { forwarderFiles } from './forwarder-files';

// Large enough that the NDJSON output never rotates during a run, so the line
// count after the run covers every delivered alert.
const OUTPUT_MAX_BYTES = 64 * 1024 ** 3;

async function start(settings: ServerChildSettings): Promise<void> {
  const files = forwarderFiles(settings.workDirectory);
  const config = loadConfig({
    overrides: {
      'listen.host': '127.0.0.1',
      'listen.port': 0,
      'spool.directory': files.spool,
      'deadLetter.path': files.deadLetter,
      'log.level': 'warn',
      ...settings.forwarderSettings,
    },
  });
  config.auth.tokens = [{ name: 'bench', token: { env: settings.tokenVariable } }];
  config.outputs = [
    {
      name: 'out',
      type: 'file',
      path: files.output,
      minPriority: 'Debug',
      maxBytes: OUTPUT_MAX_BYTES,
    },
  ];

  const forwarder = await startForwarder(config);
  const { runtime } = forwarder;

  reportToParent(
    {
      acceptedAlerts: async () => {
        const metric = await runtime.ingestMetrics.accepted.get();
        return metric.values[0]?.value ?? 0;
      },
      pendingAlerts: () => runtime.spool.stats().pendingEntries,
    },
    async () => {
      const { leftInSpool } = await forwarder.stop();
      if (leftInSpool > 0)
        console.error(`the forwarder stopped with ${leftInSpool} alerts left in the spool`);
    },
  );
  process.send?.({ type: 'ready', url: forwarder.url } satisfies ChildMessage);
}

start(JSON.parse(process.argv[2]) as ServerChildSettings).catch(reportStartFailure);
