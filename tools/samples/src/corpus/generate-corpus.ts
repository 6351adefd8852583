import { buildAlert } from '../alerts/build-alert';
import { compileRule, type CompiledRule } from '../alerts/compiled-rule';
import { buildInternalAlerts } from '../alerts/internal-alerts';
import { FLEET } from '../fleet/fleet';
import { instantiateFleet } from '../fleet/fleet-instances';
import { writeFalcoJson, type FalcoJsonValue } from '../format/falco-json';
import { SeededRandom } from '../random';
import type { FalcoRule } from '../rules/falco-rule';
import type { AlertDraft, TimeWindow } from '../values/source-generator';
import { sourceGenerator } from '../values/source-generators';
import { planAlertCount, STORM_SIZES } from './alert-plan';

const NANOSECONDS_PER_HOUR = 3_600_000_000_000n;

export interface CorpusOptions {
  seed: number;
  /** Epoch nanoseconds of the first possible alert. */
  windowStart: bigint;
  windowHours: number;
  /** How many alerts get a priority spelled as some senders spell it: `info` and `WARNING`. */
  respelledPriorities: number;
}

export interface SourceCoverage {
  rules: number;
  alerts: number;
}

export interface Corpus {
  /** One alert per line, oldest first, as Falco's JSON output writes it. */
  lines: string[];
  coverage: Map<string, SourceCoverage>;
}

interface PendingAlert {
  time: bigint;
  compiled?: CompiledRule;
  draft?: AlertDraft;
  json?: Record<string, FalcoJsonValue>;
  prioritySpelling?: string;
}

/** Generates alerts for every rule, storms for a few noisy ones, and Falco's internal alerts. */
export function generateCorpus(rules: readonly FalcoRule[], options: CorpusOptions): Corpus {
  const random = new SeededRandom(options.seed);
  const window: TimeWindow = {
    start: options.windowStart,
    end: options.windowStart + BigInt(options.windowHours) * NANOSECONDS_PER_HOUR,
  };
  const pluginSources = [...new Set(rules.map((rule) => rule.source))].filter(
    (source) => source !== 'syscall',
  );
  const fleet = instantiateFleet(FLEET, pluginSources, random, window.start);
  const coverage = new Map<string, SourceCoverage>();
  const pending: PendingAlert[] = [];

  for (const rule of rules) {
    const compiled = compileRule(rule, sourceGenerator(rule.source));
    const drafts = draftAlerts(compiled, random, fleet, window);
    pending.push(...drafts.map((draft) => ({ time: draft.time, compiled, draft })));

    const counts = coverage.get(rule.source) ?? { rules: 0, alerts: 0 };
    coverage.set(rule.source, { rules: counts.rules + 1, alerts: counts.alerts + drafts.length });
  }

  const internal = buildInternalAlerts(fleet.nodes, random, window);
  pending.push(...internal);
  coverage.set('internal', {
    rules: new Set(internal.map(({ json }) => json.rule)).size,
    alerts: internal.length,
  });

  pending.sort((left, right) => compareTimes(left.time, right.time));
  respellPriorities(pending, random, options.respelledPriorities);

  const lines = pending.map((alert) =>
    writeFalcoJson(alert.json ?? buildAlert(alert.compiled!, alert.draft!, alert.prioritySpelling)),
  );
  return { lines, coverage };
}

function draftAlerts(
  compiled: CompiledRule,
  random: SeededRandom,
  fleet: ReturnType<typeof instantiateFleet>,
  window: TimeWindow,
): AlertDraft[] {
  const request = { rule: compiled.rule, fields: compiled.fields, random, fleet, window };
  const drafts = Array.from({ length: planAlertCount(compiled.rule, random) }, () =>
    compiled.generator.draft(request),
  );

  // A storm repeats one alert a few seconds apart, as a crash-looping probe or a busy script does.
  const stormSize = STORM_SIZES[compiled.rule.name] ?? 0;
  let stormTime = drafts[0].time;
  for (let repeat = 1; repeat < stormSize; repeat += 1) {
    stormTime += BigInt(random.integer(200_000_000, 5_000_000_000));
    drafts.push({ ...drafts[0], time: stormTime });
  }
  return drafts;
}

/** Spells a few priorities as relays and older senders do, so consumers meet both spellings. */
function respellPriorities(
  pending: PendingAlert[],
  random: SeededRandom,
  perSpelling: number,
): void {
  const spellings: [string, string][] = [
    ['Informational', 'info'],
    ['Warning', 'WARNING'],
  ];
  for (const [priority, spelling] of spellings) {
    const candidates = pending.filter((alert) => alert.compiled?.rule.priority === priority);
    for (let count = 0; count < perSpelling && candidates.length > 0; count += 1) {
      const index = random.integer(0, candidates.length - 1);
      candidates[index].prioritySpelling = spelling;
      candidates.splice(index, 1);
    }
  }
}

function compareTimes(left: bigint, right: bigint): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
