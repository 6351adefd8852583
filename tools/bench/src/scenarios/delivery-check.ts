import type { ForwarderFiles } from '../children/forwarder-files';
import type { ServerProcess } from '../children/server-process';
import { countCompleteLines, waitForOutputToSettle } from '../output/ndjson-line-counter';

/** Comparison of the NDJSON output with the alerts the forwarder accepted. */
export interface DeliveryCheck {
  /** The forwarder's own count of alerts written to its spool. */
  acceptedByForwarder: number;
  /** Alerts in requests that got a 2xx response. Requests cut off at the end of a run are not counted. */
  confirmedByClients: number;
  outputLines: number;
  /** Lines of the forwarder's dead-letter file, which explain alerts missing from the output. */
  deadLetterLines: number;
  /** False when the output was still growing or the spool not empty at the end of the wait. */
  settled: boolean;
  complete: boolean;
}

export interface DeliveryWait {
  check: DeliveryCheck;
  /** performance.now() when the output last grew. */
  lastGrowthAtMs: number;
}

const QUIET_MS = 2000;
const POLL_MS = 100;
const MAX_WAIT_MS = 180_000;

/**
 * Waits until the forwarder has delivered everything it accepted, then
 * compares the output's line count with the forwarder's accepted counter.
 */
export async function waitForDelivery(
  forwarder: ServerProcess,
  files: ForwarderFiles,
  confirmedByClients: number,
): Promise<DeliveryWait> {
  const output = await waitForOutputToSettle({
    path: files.output,
    quietMs: QUIET_MS,
    pollMs: POLL_MS,
    timeoutMs: MAX_WAIT_MS,
    isIdle: async () => (await forwarder.snapshot()).pendingAlerts === 0,
  });
  const { acceptedAlerts } = await forwarder.snapshot();
  const deadLetterLines = await countCompleteLines(files.deadLetter);

  return {
    lastGrowthAtMs: output.lastGrowthAtMs,
    check: {
      acceptedByForwarder: acceptedAlerts,
      confirmedByClients,
      outputLines: output.lines,
      deadLetterLines,
      settled: output.settled,
      complete:
        output.settled && output.lines === acceptedAlerts && acceptedAlerts >= confirmedByClients,
    },
  };
}
