import { loadValidSampleAlerts } from './alerts/valid-sample-alerts';
import { runDrainRound, type DrainRound } from './backlog/drain-round';
import { median } from './results/median';
import { parseRoundOptions, progress, runMain } from './command-line';

const USAGE = `Usage: npm run bench:backlog-drain -- [options]

Fills a spool with alerts, as an outage of every output would leave it, then
starts the forwarder on it and measures how fast it delivers that backlog into
an NDJSON file output. Every alert is then read back from disk and parsed a
second time, as in a flood that outruns delivery and after a restart.

Options:
  --alerts N     Alerts in the backlog (default: 200000)
  --rounds N     Fills and drains, each with a new forwarder (default: 3)
  -h, --help     Show this help

Build first with npm run build. CPU time is that of the whole process, which
runs the forwarder and only a light check besides.
`;

async function main(argv: string[]): Promise<number> {
  const options = parseRoundOptions(argv, USAGE, { alerts: 200_000, rounds: 3 });
  if (options === undefined) return 0;

  const { alerts, rounds } = options;
  const lines = loadValidSampleAlerts();

  const results: DrainRound[] = [];
  for (let round = 1; round <= rounds; round++) {
    const result = await runDrainRound(lines, alerts);
    results.push(result);
    progress(
      `round ${round}: ${result.alertsPerSecond.toLocaleString('en-US')} alerts/s, ` +
        `${result.cpuMicrosPerAlert.toFixed(1)} µs CPU per alert, start ${result.startMs} ms`,
    );
  }

  printResults(alerts, lines.length, results);
  return 0;
}

function printResults(alerts: number, distinct: number, rounds: DrainRound[]): void {
  const rate = median(rounds.map((round) => round.alertsPerSecond));
  const cpu = median(rounds.map((round) => round.cpuMicrosPerAlert));
  const start = median(rounds.map((round) => round.startMs));

  const summarised = rounds.length === 1 ? 'one round' : `median of ${rounds.length} rounds`;
  process.stdout.write(
    [
      `Backlog drain, ${alerts.toLocaleString('en-US')} alerts (cycling through ${distinct} sample alerts) from disk into an NDJSON file (${summarised})`,
      `  delivered                 ${Math.round(rate).toLocaleString('en-US')} alerts/s`,
      `  CPU per alert             ${cpu.toFixed(1)} µs`,
      `  start with the backlog    ${Math.round(start)} ms`,
      '',
    ].join('\n'),
  );
}

runMain('backlog drain', main);
