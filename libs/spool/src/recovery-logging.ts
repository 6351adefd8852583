import type { Logger } from '@talaria/telemetry';
import { errorCode } from './file-io';
import type { RecoveryHooks } from './recovery';
import type { SpoolMetrics } from './spool-metrics';

/** Recovery hooks that log one line per problem found and count it in the metrics. */
export function loggingRecoveryHooks(logger: Logger, metrics: SpoolMetrics): RecoveryHooks {
  return {
    corrupt(segment, start, end, afterSeq, atTail) {
      metrics.corruptRecords.inc();
      const fields = { segment: segment.logName, start, end, bytes: end - start, afterSeq };

      // A torn tail is the normal trace of a crash during a write whose append never resolved.
      if (atTail) logger.warn(fields, 'skipped a torn record at the end of a spool segment');
      else
        logger.error(
          fields,
          'skipped corrupt bytes inside a spool segment; entries stored there are lost',
        );
    },

    corruptAcks(segment, corruptRecords, tornBytes) {
      metrics.corruptRecords.inc(corruptRecords + (tornBytes > 0 ? 1 : 0));
      logger.warn(
        { segment: segment.logName, corruptRecords, tornBytes, firstSeq: segment.firstSeq },
        'skipped corrupt acknowledgement records; their entries will be delivered again',
      );
    },

    fileError(error, file, action) {
      if (errorCode(error) === 'ENOENT') return;
      metrics.writeErrors.inc();
      logger.error({ err: error, file }, `failed to ${action} ${file} while recovering the spool`);
    },
  };
}
