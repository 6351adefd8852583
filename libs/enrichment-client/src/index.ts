export { OwnershipEnricher } from './ownership-enricher';
export {
  ENRICHER_DEFAULTS,
  resolveEnricherOptions,
  type OwnershipEnricherOptions,
} from './enricher-options';
export { EnrichmentMetrics } from './enrichment-metrics';
export { EnrichmentError } from './enrichment-error';
export { toOwnerInfo, UNASSIGNED_TEAM } from './owner-info';
export { toWorkloadQuery, cacheKey, isResolvable } from './workload-query';
export { TtlLruCache } from './ttl-lru-cache';
export type {
  WorkloadQuery,
  OwnerAnswer,
  KnownOwnerAnswer,
  UnknownOwnerAnswer,
} from './resolve-wire';
