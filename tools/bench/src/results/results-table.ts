import type { DeliveryCheck } from '../scenarios/delivery-check';
import type { BenchResults } from './bench-results';
import { median } from './median';
import type { LimitCheck, RatioCheck } from './ratios';

type Row = [figure: string, measured: string, target: string, met: string];

/** Formats the results as a plain-text table, one section per scenario. */
export function formatResultsTable(results: BenchResults): string {
  const rows: Array<Row | string> = [];
  const single = results.singleAlerts;
  const batched = results.batchedIngest;
  const paced = results.pacedAlerts;
  const memory = results.memory;

  if (single) {
    rows.push(
      `Single alerts, keep-alive, ${single.connections} connections (${medianOf(single.rounds.length)})`,
    );
    rows.push(['bare Node http server', `${rate(single.bareRequestsPerSecond)} req/s`, '', '']);
    rows.push(['forwarder', `${rate(single.forwarderRequestsPerSecond)} req/s`, '', '']);
    rows.push(ratioRow('forwarder / bare server', single.throughputRatio));
    rows.push(ratioRow('the same per CPU-second', single.cpuNormalizedRatio));
    rows.push(
      limitRow(
        `forwarder p99 at ${rate(single.halfRate.requestedRate)} req/s (half)`,
        single.halfRate.p99LatencyMs,
        (value) => `${value.toFixed(2)} ms`,
      ),
    );
    rows.push([
      'bare server p99 at the same rate',
      `${single.bareHalfRate.p99LatencyMs.toFixed(2)} ms`,
      '',
      '',
    ]);
    rows.push(...deliveryRows(single.delivery));
  }

  if (batched) {
    rows.push(
      `Batched NDJSON, ${batched.batchSize} alerts per request, ${batched.connections} connections ` +
        `(${medianOf(batched.rounds.length)})`,
    );
    rows.push(['JSON.parse loop', `${rate(batched.jsonParseAlertsPerSecond)} alerts/s`, '', '']);
    rows.push(['forwarder, accepted', `${rate(batched.acceptedAlertsPerSecond)} alerts/s`, '', '']);
    rows.push([
      'forwarder, delivered',
      `${rate(batched.deliveredAlertsPerSecond)} alerts/s`,
      '',
      '',
    ]);
    rows.push(ratioRow('delivered / JSON.parse', batched.throughputRatio));
    rows.push(ratioRow('the same per CPU-second', batched.cpuNormalizedRatio));
    rows.push(...deliveryRows(batched.delivery));
  }

  if (paced) {
    rows.push(
      `Paced single alerts, ${rate(paced.requestedRate)} req/s requested on ${paced.connections} connections ` +
        `(${medianOf(paced.rounds.length)})`,
    );
    rows.push([
      'served by bare server / forwarder',
      `${rate(median(paced.rounds.map((round) => round.bare.load.requestsPerSecond)))} / ${rate(median(paced.rounds.map((round) => round.forwarder.load.requestsPerSecond)))} req/s`,
      '',
      '',
    ]);
    rows.push([
      'bare Node http server, CPU per request',
      `${paced.bareCpuMicrosPerRequest.toFixed(0)} µs`,
      '',
      '',
    ]);
    rows.push([
      'forwarder, CPU per request',
      `${paced.forwarderCpuMicrosPerRequest.toFixed(0)} µs`,
      '',
      '',
    ]);
    rows.push([
      'bare server CPU / forwarder CPU',
      `${(paced.cpuRatio * 100).toFixed(1)} %`,
      '',
      '',
    ]);
    rows.push(['forwarder p50 / p99', latency(paced.forwarderLatencyMs), '', '']);
    rows.push(['bare server p50 / p99', latency(paced.bareLatencyMs), '', '']);
    rows.push(...deliveryRows(paced.delivery));
  }

  if (memory) {
    const heapMiB = results.settings.forwarderHeapMiB;
    rows.push(
      heapMiB === undefined
        ? "Memory (forwarder heap limit: Node's default)"
        : `Memory (forwarder heap limit: ${heapMiB} MiB)`,
    );
    rows.push(limitRow('forwarder max RSS under load', memory.forwarderMaxRssBytes, megabytes));
    // With both scenarios, the maximum alone would hide which one reached it.
    const perScenario: Array<[string, number | undefined]> = [
      ['  in single-alert phases', memory.singleAlertsMaxRssBytes],
      ['  in batched phases', memory.batchedIngestMaxRssBytes],
      ['  in paced phases', memory.pacedAlertsMaxRssBytes],
    ];
    const ran = perScenario.filter((entry): entry is [string, number] => entry[1] !== undefined);
    if (ran.length > 1) {
      for (const [figure, bytes] of ran) rows.push([figure, megabytes(bytes), '', '']);
    }
    if (memory.bareServerMaxRssBytes !== undefined) {
      rows.push(['bare server max RSS', megabytes(memory.bareServerMaxRssBytes), '', '']);
    }
  }

  const otherCpu = otherProcessesCpu(results);
  if (otherCpu !== undefined) {
    rows.push('Shared machine');
    rows.push([
      'other processes, max CPU in a phase',
      `${otherCpu.toFixed(0)} % of a core`,
      '',
      '',
    ]);
  }

  return renderRows(rows);
}

/** Highest CPU use of processes outside the benchmark during any measured phase. */
function otherProcessesCpu(results: BenchResults): number | undefined {
  const usages = [
    ...(results.singleAlerts?.rounds.flatMap((round) => [
      round.bare.usage,
      round.forwarder.usage,
    ]) ?? []),
    ...(results.singleAlerts ? [results.singleAlerts.halfRate.usage] : []),
    ...(results.batchedIngest?.rounds.map((round) => round.forwarder.usage) ?? []),
    ...(results.pacedAlerts?.rounds.flatMap((round) => [round.bare.usage, round.forwarder.usage]) ??
      []),
  ];
  if (usages.length === 0) return undefined;
  return Math.max(...usages.map((usage) => usage.otherProcessesCpuPercent));
}

function ratioRow(figure: string, check: RatioCheck): Row {
  const measured = check.ratio === null ? 'n/a' : `${(check.ratio * 100).toFixed(1)} %`;
  return [figure, measured, `>= ${check.minimumRatio * 100} %`, yesNo(check.met)];
}

function limitRow(figure: string, check: LimitCheck, format: (value: number) => string): Row {
  return [figure, format(check.measured), `< ${format(check.limit)}`, yesNo(check.met)];
}

function deliveryRows(delivery: DeliveryCheck): Row[] {
  const rows: Row[] = [
    [
      'output lines / alerts accepted',
      `${delivery.outputLines} / ${delivery.acceptedByForwarder}`,
      'equal',
      delivery.complete ? 'ok' : 'INCOMPLETE',
    ],
  ];
  if (delivery.deadLetterLines > 0) {
    rows.push(['dead-lettered alerts', String(delivery.deadLetterLines), '0', 'INCOMPLETE']);
  }
  return rows;
}

function renderRows(rows: Array<Row | string>): string {
  const tableRows = rows.filter((row): row is Row => typeof row !== 'string');
  const widths = [0, 1, 2].map((column) => Math.max(...tableRows.map((row) => row[column].length)));

  return rows
    .map((row) => {
      if (typeof row === 'string') return `\n${row}`;
      const [figure, measured, target, met] = row;
      return `  ${figure.padEnd(widths[0])}  ${measured.padStart(widths[1])}  ${target.padEnd(widths[2])}  ${met}`.trimEnd();
    })
    .join('\n')
    .trimStart();
}

function rate(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function medianOf(rounds: number): string {
  return rounds === 1 ? 'one round' : `median of ${rounds} rounds`;
}

function latency(percentiles: { p50: number; p99: number }): string {
  return `${percentiles.p50.toFixed(2)} / ${percentiles.p99.toFixed(2)} ms`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function yesNo(met: boolean): string {
  return met ? 'met' : 'MISSED';
}
