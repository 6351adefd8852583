/** The forwarder's targets, each relative to a baseline measured in the same run where possible. */
export const TARGETS = {
  /** Forwarder requests/s over bare Node http server requests/s, one alert per request. */
  singleAlertThroughputRatio: 0.6,
  /** p99 latency in ms at half of the forwarder's measured maximum request rate. */
  p99LatencyAtHalfRateMs: 5,
  /** Alerts/s delivered to the NDJSON output over alerts/s of a JSON.parse loop. */
  batchedThroughputRatio: 0.4,
  /** RSS of the forwarder process under load, in bytes (200 MB, decimal). */
  maxRssBytes: 200_000_000,
} as const;
