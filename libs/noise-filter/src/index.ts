export * from './language/filter-problems';
export * from './language/definitions';
export { parseExpiry } from './language/parse-expiry';
export { compileGlob, GlobSyntaxError, MAX_GLOB_LENGTH, type GlobMatcher } from './matching/glob';
export {
  resolveField,
  type FieldAccess,
  type FieldKind,
  type FieldReader,
} from './matching/field-access';
export type { FindingPredicate } from './matching/compile-condition';
export * from './filtering/compiled-filter';
export * from './filtering/filter-set';
export * from './filtering/load-filter-files';
export * from './noise-finding';
export * from './delivery-channel';
export * from './filtering/noise-filter-metrics';
export * from './filtering/noise-filter-stage';
export * from './filtering/suppressed-events-output';
export * from './filtering/filter-reloader';
export * from './coalescing/coalescing-settings';
export * from './coalescing/coalescing-metrics';
export * from './coalescing/storm-key';
export * from './coalescing/storm-store';
export * from './coalescing/memory-storm-store';
export * from './coalescing/redis-storm-store';
export * from './coalescing/rate-limits';
export * from './coalescing/summary-finding';
export * from './coalescing/coalescing-channel';
export * from './config/noise-config';
export * from './config/parse-noise-config';
export * from './config/noise-control';
export * from './reports/read-events';
export * from './reports/noise-report';
export * from './reports/candidate-filters';
export * from './reports/format-noise-report';
export * from './reports/filters-test';
