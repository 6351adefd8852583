import { parseArgs } from 'node:util';
import {
  ConfigError,
  DEFAULT_PORT,
  loadConfig,
  maskSecrets,
  startForwarder,
  type ForwarderConfig,
} from '@talaria/forwarder';
import { stringify } from 'yaml';

const HELP = `Usage: talaria forward [options]

Receives Falco alerts over HTTP (Falco's http_output, or falcosidekick's address)
and delivers them to the configured outputs.

Options:
  --config FILE     YAML configuration file (default: embedded defaults only)
  --port N          TCP port to listen on (default: ${DEFAULT_PORT}, or listen.port from the file)
  --host ADDRESS    Address to bind (default: 0.0.0.0, or listen.host from the file)
  --out FILE        Also write a finding for every accepted alert to this NDJSON file (minimum priority Debug)
  --filters FILE    Load this filter file after those the config file names; repeat for several,
                    merged in order (default: none). SIGHUP or a change to a file reloads them.
  --print-config    Print the effective configuration with secrets masked, then exit
  -h, --help        Show this help

Environment variables TALARIA_* override file keys, for example TALARIA_CLUSTER,
TALARIA_LISTEN__PORT or TALARIA_SPOOL__MAX_BYTES; TALARIA_INGEST_TOKEN adds an
ingest token. With no token and no client CA configured, a random token is
generated and printed at start.`;

/** Parses `talaria forward` options into a validated configuration. */
export function configFromArguments(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      out: { type: 'string' },
      filters: { type: 'string', multiple: true, default: [] },
      'print-config': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });

  const overrides: Record<string, unknown> = {};
  if (values.port !== undefined) overrides['listen.port'] = values.port;
  if (values.host !== undefined) overrides['listen.host'] = values.host;

  const config = loadConfig({ file: values.config, env, overrides });
  if (values.out) config.outputs.push(ndjsonOutput(values.out));
  config.filters.push(...values.filters);
  return { config, printConfig: values['print-config'], help: values.help };
}

export function ndjsonOutput(path: string): Record<string, unknown> {
  return { name: 'out', type: 'file', path, minPriority: 'Debug' };
}

export async function runForwardCommand(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof configFromArguments>;
  try {
    parsed = configFromArguments(args);
  } catch (error) {
    process.stderr.write(`talaria forward: ${(error as Error).message}\n`);
    if (!(error instanceof ConfigError)) process.stderr.write(`\n${HELP}\n`);
    return 2;
  }

  if (parsed.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (parsed.printConfig) {
    process.stdout.write(stringify(maskSecrets(parsed.config)));
    return 0;
  }
  return serve(parsed.config);
}

async function serve(config: ForwarderConfig): Promise<number> {
  const forwarder = await startForwarder(config);
  if (forwarder.generatedToken) {
    process.stderr.write(
      `No ingest credential is configured, so this run accepts one generated token.\n` +
        `Point Falco's http_output at: ${forwarder.url}/t/${forwarder.generatedToken}\n`,
    );
  }

  // Invalid files are rejected by the reload itself, which logs them and keeps the previous filters.
  const reloadFilters = () => {
    forwarder.runtime.reloadFilters('signal').catch((error: unknown) => {
      forwarder.runtime.logger.error({ err: error }, 'reloading filter files failed');
    });
  };
  process.on('SIGHUP', reloadFilters);

  return new Promise((resolve) => {
    const shutdown = (signal: string) => {
      process.off('SIGHUP', reloadFilters);
      forwarder.runtime.logger.info({ signal }, 'shutdown requested');
      forwarder.stop().then(
        () => resolve(0),
        (error: unknown) => {
          forwarder.runtime.logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
}
