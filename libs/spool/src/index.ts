export { Spool } from './spool';
export { ASYNC_AFTER_SLOW_MS, DiskWriter, SLOW_WRITE_MS } from './disk-writer';
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
