#!/usr/bin/env node
import { runDeadLetterCommand } from './dead-letter-command';
import { runFiltersCommand } from './filters-command';
import { runForwardCommand } from './forward-command';
import { runImportCommand } from './import-command';
import { runNoiseReportCommand } from './noise-report-command';
import { runOwnershipApiCommand } from './ownership-api-command';
import { runQuickstartCommand } from './quickstart-command';
import { runReplayCommand } from '@talaria/replay';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const USAGE = `Usage: talaria <command> [options]

Commands:
  forward       Run the forwarder: receive Falco alerts over HTTP and deliver them
  replay        Send a corpus of Falco alerts to a forwarder the way Falco does
  quickstart    Start a forwarder on embedded defaults, replay the sample alerts, print a summary
  noise-report  Rank the sources of alert noise in an NDJSON file and propose filters
  filters       Validate filter files, or test them against an NDJSON file of alerts
  dead-letter   Count dead-lettered findings, or send them again to their outputs
  ownership-api Serve the ownership API: who owns each workload, and how to reach them
  import        Send a Backstage catalog, AWS tags or a Snyk, Trivy or Clair report to the ownership API

Run "talaria <command> --help" for the options of a command.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;

  switch (command) {
    case 'forward':
      return runForwardCommand(rest);
    case 'replay':
      return runReplayCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    case 'quickstart':
      return runQuickstartCommand(rest);
    case 'noise-report':
      return runNoiseReportCommand(rest);
    case 'filters':
      return runFiltersCommand(rest);
    case 'dead-letter':
      return runDeadLetterCommand(rest);
    case 'ownership-api':
      return runOwnershipApiCommand(rest);
    case 'import':
      return runImportCommand(rest);
    case '--version':
    case '-v':
      process.stdout.write(`${readVersion()}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`talaria: unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
  }
}

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`talaria: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
