export { Spool } from './spool';
export { SpoolError, type SpoolErrorCode } from './errors';
export { DEFAULT_OPTIONS, type FsyncPolicy, type SpoolOptions, type WriteMode } from './options';
export type {
  AppendResult,
  RejectReason,
  RejectedInput,
  SpoolEntry,
  SpoolInput,
  SpoolStats,
} from './types';
