import { Counter, type Registry } from 'prom-client';

/** Prometheus metrics of coalescing outputs, labelled by output name. */
export interface CoalescingMetrics {
  /** Alerts folded into a storm instead of being sent on their own. */
  coalesced: Counter<'output'>;
  /** Alerts a rate limit held back; `limit` is `output` or `owner`. */
  rateLimited: Counter<'output' | 'limit'>;
  /** Summary findings sent; `kind` is `storm` or `rate_limit`. */
  summaries: Counter<'output' | 'kind'>;
  /** Summary findings the output had not taken when its drain ended, and the alerts they counted. */
  summariesLost: Counter<'output'>;
  summarisedAlertsLost: Counter<'output'>;
  /** Alerts sent with storm marks by outputs in tag mode. */
  tagged: Counter<'output'>;
  /** Store operations that failed; the alerts were sent without coalescing. */
  storeErrors: Counter<'output' | 'operation'>;
  /** Alerts not tracked because the in-memory store was full; they were sent. */
  untracked: Counter<'output'>;
}

const metricsByRegistry = new WeakMap<Registry, CoalescingMetrics>();

/** Returns the coalescing metrics of `registry`, creating them on first use. */
export function coalescingMetricsFor(registry: Registry): CoalescingMetrics {
  const existing = metricsByRegistry.get(registry);
  if (existing !== undefined) return existing;

  const registers = [registry];
  const metrics: CoalescingMetrics = {
    coalesced: new Counter({
      name: 'talaria_output_coalesced_total',
      help: 'Alerts folded into a storm summary instead of being sent on their own, per output.',
      labelNames: ['output'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'talaria_output_rate_limited_total',
      help: 'Alerts held back by a rate limit and folded into a summary, per output and limit.',
      labelNames: ['output', 'limit'],
      registers,
    }),
    summaries: new Counter({
      name: 'talaria_output_summaries_total',
      help: 'Summary findings sent, per output and kind (storm or rate_limit).',
      labelNames: ['output', 'kind'],
      registers,
    }),
    summariesLost: new Counter({
      name: 'talaria_output_summaries_lost_total',
      help: 'Summary findings an output had not taken when its drain ended; nothing replays them.',
      labelNames: ['output'],
      registers,
    }),
    summarisedAlertsLost: new Counter({
      name: 'talaria_output_summarised_alerts_lost_total',
      help: 'Alerts counted in summary findings that were lost at the end of a drain.',
      labelNames: ['output'],
      registers,
    }),
    tagged: new Counter({
      name: 'talaria_output_storm_tagged_total',
      help: 'Alerts sent with their fingerprint and storm id by outputs that keep every alert.',
      labelNames: ['output'],
      registers,
    }),
    storeErrors: new Counter({
      name: 'talaria_coalescing_store_errors_total',
      help: 'Coalescing store operations that failed; the alerts were sent without coalescing.',
      labelNames: ['output', 'operation'],
      registers,
    }),
    untracked: new Counter({
      name: 'talaria_coalescing_untracked_total',
      help: 'Alerts sent without storm tracking because the in-memory store held its maximum of storms.',
      labelNames: ['output'],
      registers,
    }),
  };
  metricsByRegistry.set(registry, metrics);
  return metrics;
}
