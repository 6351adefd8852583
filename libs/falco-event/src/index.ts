export * from './alert-types';
export * from './finding';
export * from './lossless-json';
export { alertTextOf, stringifyFinding } from './alert-source-text';
export * from './errors';
export {
  PRIORITY_EXPECTATION,
  describeInvalidPriority,
  isAtLeastPriority,
  isFalcoPriority,
  parsePriority,
  priorityRank,
} from './priority';
export { FalcoAlertModel } from './falco-alert.model';
export {
  IS_FALCO_PRIORITY,
  IS_FIELD_VALUE_MAP,
  IsFalcoPriority,
  IsFieldValueMap,
  OptionalUnlessNull,
} from './model-decorators';
export { isFieldValue, isFieldValueMap } from './field-values';
export { compileChecker, type CompiledChecker } from './checker/compile-checker';
export { DEFAULT_ALERT_LIMITS, resolveAlertLimits, type AlertLimits } from './alert-limits';
export {
  createAlertParser,
  parseAlert,
  parseAlertOrThrow,
  type AlertParser,
  type ParseAlertOptions,
  type ParseAlertResult,
  type ParsedAlert,
  type RejectedAlert,
  type RejectionReason,
} from './parse-alert';
export { parseAcceptedAlert } from './parse-accepted-alert';
export { parseRfc3339Time, type AlertTime } from './rfc3339-time';
export { extractWorkload, type WorkloadContext } from './workload/extract-workload';
export {
  deriveWorkload,
  type DerivedWorkload,
  type DerivedWorkloadKind,
} from './workload/derive-workload';
export { splitImageReference, type ImageReference } from './workload/image-reference';
export { DEFAULT_FINGERPRINT_FIELDS, fingerprint } from './fingerprint';
export { newFindingId } from './finding-id';
export { buildFinding, type BuildFindingInput } from './build-finding';
