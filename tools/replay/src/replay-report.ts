import { readReply, type RejectedAlert } from './rejections';
import type { RequestOutcome } from './send-request';

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Outcome of a replay: what was sent and how the forwarder responded. Times are in milliseconds. */
export interface ReplayReport {
  /** Target URL with any token in it masked. */
  url: string;
  mode: string;
  /** Requests sent, whether or not a response came back. */
  sent: number;
  /** Alerts carried by the sent requests. */
  alertsSent: number;
  /** Requests that got an HTTP response. */
  responses: number;
  /** Responses by HTTP status code. */
  statusCounts: Record<string, number>;
  /** Requests without a response, by error code such as ECONNREFUSED or ETIMEDOUT. */
  transportErrors: Record<string, number>;
  /** Message of the first transport error, to show what went wrong. */
  firstTransportError?: string;
  /** Alerts the forwarder counted as accepted in its 2xx replies (their `accepted` field). */
  acceptedTotal: number;
  /** Alerts the forwarder rejected, including those beyond the kept list. */
  rejectedTotal: number;
  /** Rejected alerts with the forwarder's reasons, the first ones up to the kept maximum. */
  rejected: RejectedAlert[];
  /** Latency of requests that got a response, by nearest-rank percentile, or null without responses. */
  latencyMs: LatencySummary | null;
  elapsedMs: number;
  /** Reason the replay stopped before sending everything, when it did. */
  stoppedEarly?: string;
}

/** Collects request outcomes into a report. */
export class ReportCollector {
  private readonly report: ReplayReport;
  private readonly latencies: number[] = [];
  private consecutive = 0;

  constructor(
    url: string,
    mode: string,
    private readonly maxRejectedKept: number,
  ) {
    this.report = {
      url,
      mode,
      sent: 0,
      alertsSent: 0,
      responses: 0,
      statusCounts: {},
      transportErrors: {},
      acceptedTotal: 0,
      rejectedTotal: 0,
      rejected: [],
      latencyMs: null,
      elapsedMs: 0,
    };
  }

  /** Requests in a row that failed without a response, up to the latest one. */
  get consecutiveFailures(): number {
    return this.consecutive;
  }

  add(outcome: RequestOutcome, bodyIndexes: readonly number[]): void {
    this.report.sent += 1;
    this.report.alertsSent += bodyIndexes.length;

    if (outcome.kind === 'error') {
      this.consecutive += 1;
      this.report.transportErrors[outcome.code] =
        (this.report.transportErrors[outcome.code] ?? 0) + 1;
      this.report.firstTransportError ??= `${outcome.code}: ${outcome.message}`;
      return;
    }

    this.consecutive = 0;
    this.report.responses += 1;
    this.latencies.push(outcome.latencyMs);
    const status = String(outcome.status);
    this.report.statusCounts[status] = (this.report.statusCounts[status] ?? 0) + 1;

    const verdict = readReply(outcome.status, outcome.body, bodyIndexes);
    this.report.acceptedTotal += verdict.accepted;
    for (const rejection of verdict.rejected) {
      this.report.rejectedTotal += rejection.alerts;
      if (this.report.rejected.length < this.maxRejectedKept) this.report.rejected.push(rejection);
    }
  }

  stop(reason: string): void {
    this.report.stoppedEarly ??= reason;
  }

  finish(elapsedMs: number): ReplayReport {
    return { ...this.report, elapsedMs, latencyMs: summarizeLatencies(this.latencies) };
  }
}

function summarizeLatencies(latencies: number[]): LatencySummary | null {
  if (latencies.length === 0) return null;

  const sorted = [...latencies].sort((left, right) => left - right);
  const percentile = (share: number) => sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)];
  return {
    p50: percentile(0.5),
    p90: percentile(0.9),
    p99: percentile(0.99),
    max: sorted[sorted.length - 1],
  };
}
