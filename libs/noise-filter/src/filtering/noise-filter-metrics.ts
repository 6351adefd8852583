import { Counter, Gauge, type Registry } from 'prom-client';

/** Prometheus metrics of the noise filter stage; suppressions are counted by the pipeline. */
export interface NoiseFilterMetrics {
  /** Findings a dry-run filter matched and let through. */
  wouldSuppress: Counter<'filter'>;
  /** Findings an expired filter matched and no longer suppressed. */
  expiredMatches: Counter<'filter'>;
  activeFilters: Gauge<string>;
  expiredFilters: Gauge<string>;
  reloads: Counter<'result'>;
  /** Suppressed findings the suppressed-events output could not write, not even to the dead letter. */
  suppressedOutputFailures: Counter<string>;
}

const metricsByRegistry = new WeakMap<Registry, NoiseFilterMetrics>();

/** Returns the noise filter metrics of `registry`, creating them on first use. */
export function noiseFilterMetricsFor(registry: Registry): NoiseFilterMetrics {
  const existing = metricsByRegistry.get(registry);
  if (existing !== undefined) return existing;

  const registers = [registry];
  const metrics: NoiseFilterMetrics = {
    wouldSuppress: new Counter({
      name: 'talaria_filter_would_suppress_total',
      help: 'Findings a filter in dry-run mode matched and let through, by filter name.',
      labelNames: ['filter'],
      registers,
    }),
    expiredMatches: new Counter({
      name: 'talaria_filter_expired_matches_total',
      help: 'Findings an expired filter matched and no longer suppressed, by filter name.',
      labelNames: ['filter'],
      registers,
    }),
    activeFilters: new Gauge({
      name: 'talaria_filters_active',
      help: 'Filters loaded and not expired.',
      registers,
    }),
    expiredFilters: new Gauge({
      name: 'talaria_filters_expired',
      help: 'Filters loaded whose expiry date has passed; they no longer suppress.',
      registers,
    }),
    reloads: new Counter({
      name: 'talaria_filter_reloads_total',
      help: 'Filter file reloads, by result: applied, unchanged or rejected.',
      labelNames: ['result'],
      registers,
    }),
    suppressedOutputFailures: new Counter({
      name: 'talaria_filter_suppressed_output_failures_total',
      help: 'Suppressed findings that the suppressed-events output could not write or dead-letter.',
      registers,
    }),
  };
  metricsByRegistry.set(registry, metrics);
  return metrics;
}
