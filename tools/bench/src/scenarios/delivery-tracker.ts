import type { ForwarderFiles } from '../children/forwarder-files';
import type { ServerProcess } from '../children/server-process';
import type { LoadResult } from '../load/run-load';
import { waitForDelivery, type DeliveryWait } from './delivery-check';

/**
 * Counts the alerts that clients saw accepted by one forwarder, so a scenario
 * can wait until the forwarder has delivered all of them.
 */
export class DeliveryTracker {
  private confirmedRequests = 0;

  constructor(
    private readonly forwarder: ServerProcess,
    private readonly files: ForwarderFiles,
    private readonly alertsPerRequest = 1,
  ) {}

  /** Adds the accepted requests of a load run against the forwarder and returns the run. */
  record(run: LoadResult): LoadResult {
    this.confirmedRequests += run.okResponses;
    return run;
  }

  /** Waits until the forwarder has delivered what it accepted, then compares the counts. */
  waitForDrain(): Promise<DeliveryWait> {
    return waitForDelivery(
      this.forwarder,
      this.files,
      this.confirmedRequests * this.alertsPerRequest,
    );
  }
}
