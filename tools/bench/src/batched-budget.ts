import { loadValidSampleAlerts } from './alerts/valid-sample-alerts';
import { parseRoundOptions, progress, runMain } from './command-line';
import { median } from './results/median';
import { TARGETS } from './results/targets';
import { batchedBudget } from './steps/step-budget';
import { measureStepCosts, type StepCosts } from './steps/step-costs';

const USAGE = `Usage: npm run bench:batched-budget -- [options]

Measures the CPU time of each step that a batched alert goes through on its
way to an NDJSON file, one step after the other: the lossless parse and
validation, the spool append, building the finding and the file output.
It also times JSON.parse, the baseline of the target, and the read-back of
alerts that waited on disk, which only a backlog needs. Then it sets the sum
of the four steps beside the CPU time per alert that the batched target
allows, which is the cost of JSON.parse divided by the target ratio (${TARGETS.batchedThroughputRatio * 100} %).

Each step runs alone, without HTTP, queues or a second step competing for
the caches, so the sum is likely below what the forwarder spends per alert.

Options:
  --alerts N     Alerts per step and round (default: 100000)
  --rounds N     Rounds; each figure is the median (default: 5)
  -h, --help     Show this help

Build first with npm run build.
`;

const STEP_LABELS: Record<keyof StepCosts, string> = {
  jsonParse: 'JSON.parse, the baseline of the target',
  parseAlert: 'ingest: lossless parse and validation',
  spoolAppend: 'ingest: id, envelope and spool append',
  buildFinding: 'delivery: build the finding',
  fileOutput: 'delivery: NDJSON file output',
  readBack: 'read back from disk (a backlog only)',
};

async function main(argv: string[]): Promise<number> {
  const options = parseRoundOptions(argv, USAGE, { alerts: 100_000, rounds: 5 });
  if (options === undefined) return 0;

  const { alerts, rounds } = options;
  const lines = loadValidSampleAlerts();

  const measured: StepCosts[] = [];
  for (let round = 1; round <= rounds; round++) {
    const costs = await measureStepCosts(lines, alerts);
    measured.push(costs);
    progress(`round ${round}: ${describeRound(costs)}`);
  }

  printResults(alerts, measured);
  return 0;
}

function describeRound(costs: StepCosts): string {
  return (Object.keys(STEP_LABELS) as (keyof StepCosts)[])
    .map((step) => `${step} ${costs[step].toFixed(2)} µs`)
    .join(', ');
}

function printResults(alerts: number, rounds: StepCosts[]): void {
  const costs = Object.fromEntries(
    (Object.keys(STEP_LABELS) as (keyof StepCosts)[]).map((step) => [
      step,
      median(rounds.map((round) => round[step])),
    ]),
  ) as unknown as StepCosts;
  const budget = batchedBudget(costs);
  const summarised = rounds.length === 1 ? 'one round' : `median of ${rounds.length} rounds`;

  const row = (label: string, value: string) => `  ${label.padEnd(48)}${value.padStart(10)}`;
  const micros = (value: number) => `${value.toFixed(2)} µs`;
  process.stdout.write(
    [
      `CPU per alert of each step of batched delivery, run one after the other, ${alerts.toLocaleString('en-US')} alerts per step (${summarised})`,
      ...(Object.keys(STEP_LABELS) as (keyof StepCosts)[]).map((step) =>
        row(STEP_LABELS[step], micros(costs[step])),
      ),
      '',
      row('the four ingest and delivery steps', micros(budget.required)),
      row('the same with the read-back', micros(budget.withReadBack)),
      row(
        `allowed by the target (JSON.parse / ${TARGETS.batchedThroughputRatio * 100} %)`,
        micros(budget.oneCore),
      ),
      row('the same on two whole cores', micros(budget.twoCores)),
      row('the four steps / allowed on one core', `${budget.requiredOverBudget.toFixed(1)} x`),
      '',
    ].join('\n'),
  );
}

runMain('batched budget', main);
