/** The next request to send: which planned request, and the earliest time to send it. */
export interface ScheduledRequest {
  requestIndex: number;
  /** performance.now() time in milliseconds, or 0 for now. */
  sendAt: number;
}

/**
 * Hands out requests to the connections in corpus order, pass after pass,
 * spacing them by the rate and ending after `repeat` passes or at the
 * deadline, whichever comes first.
 */
export class RequestSchedule {
  private issued = 0;
  private stopped = false;

  constructor(
    private readonly requestsPerPass: number,
    private readonly repeat: number,
    private readonly rate: number,
    private readonly startedAt: number,
    private readonly deadline: number | undefined,
  ) {}

  next(): ScheduledRequest | undefined {
    if (this.stopped || this.issued >= this.requestsPerPass * this.repeat || this.pastDeadline())
      return undefined;

    const sequence = this.issued;
    this.issued += 1;
    return {
      requestIndex: sequence % this.requestsPerPass,
      sendAt: this.rate > 0 ? this.startedAt + (sequence * 1000) / this.rate : 0,
    };
  }

  pastDeadline(): boolean {
    return this.deadline !== undefined && performance.now() >= this.deadline;
  }

  stop(): void {
    this.stopped = true;
  }
}
