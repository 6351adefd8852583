import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { loadAlertCorpus } from './alerts/alert-corpus';
import { parseBenchOptions, USAGE, type BenchOptions } from './bench-options';
import { summariseCpuProfiles, type ProfileSummary } from './profile/cpu-profile-summary';
import { findMeasurementProblems, type BenchResults } from './results/bench-results';
import { describeMachine } from './results/machine-info';
import { formatResultsJson } from './results/results-json';
import { readSourceRevision } from './results/source-revision';
import { summariseMemory } from './results/memory-summary';
import { formatResultsTable } from './results/results-table';
import { runBatchedIngestScenario } from './scenarios/batched-ingest-scenario';
import { runPacedAlertsScenario } from './scenarios/paced-alerts-scenario';
import type { ScenarioContext } from './scenarios/scenario-context';
import { runSingleAlertsScenario } from './scenarios/single-alerts-scenario';

// dist/main.js sits three folders below the repository root.
const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..');
const TOKEN_VARIABLE = 'BENCH_INGEST_TOKEN';
const PROFILE_TOP_ENTRIES = 15;

async function main(argv: string[]): Promise<number> {
  const options = parseBenchOptions(argv, REPOSITORY_ROOT);
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  const startedAt = new Date().toISOString();
  const revision = readSourceRevision(REPOSITORY_ROOT);
  // Each run profiles into a folder of its own, so the summary covers this run only.
  const profileDirectory = options.cpuProfileDirectory
    ? join(options.cpuProfileDirectory, `run-${startedAt.replace(/[:.]/g, '-')}`)
    : undefined;
  const context = await createContext(options, profileDirectory);
  progress(`alerts: ${context.corpus.lines.length} from ${context.corpus.source}`);

  const singleAlerts = options.scenarios.includes('single')
    ? await runSingleAlertsScenario(context)
    : undefined;
  const batchedIngest = options.scenarios.includes('batched')
    ? await runBatchedIngestScenario(context)
    : undefined;
  const pacedAlerts = options.scenarios.includes('paced')
    ? await runPacedAlertsScenario(context)
    : undefined;
  const cpuProfiles = profileDirectory
    ? await summariseCpuProfiles(profileDirectory, PROFILE_TOP_ENTRIES)
    : undefined;

  const results: BenchResults = {
    schema: 'talaria.bench/v1',
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: describeMachine(),
    source: revision,
    settings: {
      seconds: options.seconds,
      warmupSeconds: options.warmupSeconds,
      rounds: options.rounds,
      connections: options.connections,
      scenarios: options.scenarios,
      batchSize: options.batchSize,
      batchConnections: options.batchConnections,
      pacedConnections: options.pacedConnections,
      pacedRate: options.pacedRate,
      forwarderSettings: options.forwarderSettings,
      maxAlerts: options.maxAlerts,
      cpuProfileDirectory: profileDirectory,
      forwarderHeapMiB: options.forwarderHeapMiB,
    },
    alerts: {
      // A path relative to the repository keeps results from different checkouts comparable.
      source:
        context.corpus.source === 'built-in'
          ? context.corpus.source
          : relative(REPOSITORY_ROOT, context.corpus.source),
      count: context.corpus.lines.length,
      skippedLines: context.corpus.skippedLines,
    },
    singleAlerts,
    batchedIngest,
    pacedAlerts,
    memory: summariseMemory(singleAlerts, batchedIngest, pacedAlerts),
    cpuProfiles,
  };

  await mkdir(dirname(options.outputPath), { recursive: true });
  const resultsJson = formatResultsJson(results);
  await writeFile(options.outputPath, resultsJson);

  if (options.json) process.stdout.write(resultsJson);
  else process.stdout.write(`${formatResultsTable(results)}\n${formatProfiles(cpuProfiles)}`);
  progress(`results written to ${options.outputPath}`);

  const problems = findMeasurementProblems(results);
  for (const problem of problems) console.error(`measurement problem: ${problem}`);
  return problems.length === 0 ? 0 : 1;
}

async function createContext(
  options: BenchOptions,
  profileDirectory: string | undefined,
): Promise<ScenarioContext> {
  const token = randomBytes(24).toString('base64url');
  const forwarderExecArgv: string[] = [];
  if (options.forwarderHeapMiB !== undefined) {
    forwarderExecArgv.push(`--max-old-space-size=${options.forwarderHeapMiB}`);
  }
  if (profileDirectory) {
    await mkdir(profileDirectory, { recursive: true });
    forwarderExecArgv.push('--cpu-prof', '--cpu-prof-dir', profileDirectory);
  }

  return {
    options,
    corpus: loadAlertCorpus(options.samplesPath, options.maxAlerts),
    token,
    tokenVariable: TOKEN_VARIABLE,
    childEnv: childEnvironment(token),
    forwarderExecArgv,
    progress,
  };
}

/** Copies the caller's environment without TALARIA_* settings, which would change the forwarder under test. */
function childEnvironment(token: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('TALARIA_')) env[name] = value;
  }
  env[TOKEN_VARIABLE] = token;
  return env;
}

function formatProfiles(summaries: ProfileSummary[] | undefined): string {
  if (!summaries) return '';

  return summaries
    .map((summary) => {
      const functions = summary.topFunctions.map(
        (share) => `  ${share.percent.toFixed(1).padStart(5)} %  ${share.name}`,
      );
      const areas = summary.topAreas.map(
        (share) => `  ${share.percent.toFixed(1).padStart(5)} %  ${share.name}`,
      );
      return [
        `\nCPU profile ${summary.file} (idle ${summary.idlePercent.toFixed(1)} % of samples; shares below are of busy samples)`,
        'Self time by function:',
        ...functions,
        'Self time by package or project:',
        ...areas,
      ].join('\n');
    })
    .join('\n')
    .concat('\n');
}

function progress(message: string): void {
  console.error(`[bench] ${message}`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
