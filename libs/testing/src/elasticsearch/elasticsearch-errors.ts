/** Elasticsearch's error object: `{ type, reason }`, repeated in `root_cause`. */
export interface ElasticsearchErrorBody {
  error: {
    root_cause: Array<{ type: string; reason: string }>;
    type: string;
    reason: string;
    [detail: string]: unknown;
  };
  status: number;
}

/** Builds a whole-request error body the way Elasticsearch shapes it. */
export function errorBody(status: number, type: string, reason: string): ElasticsearchErrorBody {
  return { error: { root_cause: [{ type, reason }], type, reason }, status };
}

/** Returns the error type Elasticsearch reports for common whole-request statuses. */
export function defaultErrorType(status: number): string {
  switch (status) {
    case 400:
      return 'illegal_argument_exception';
    case 401:
      return 'security_exception';
    case 403:
      return 'security_exception';
    case 404:
      return 'index_not_found_exception';
    case 409:
      return 'version_conflict_engine_exception';
    case 413:
      return 'content_too_long_exception';
    case 429:
      return 'es_rejected_execution_exception';
    case 503:
      return 'cluster_block_exception';
    default:
      return status >= 500 ? 'internal_server_error' : 'status_exception';
  }
}

/** Returns a reason text like the one Elasticsearch writes for each default error type. */
export function defaultErrorReason(status: number): string {
  switch (status) {
    case 429:
      return 'rejected execution of coordinating operation: the write queue of the node is full';
    case 503:
      return 'blocked by: [SERVICE_UNAVAILABLE/2/no master];';
    case 409:
      return 'version conflict, document already exists';
    default:
      return `scripted failure with status ${status}`;
  }
}
