import { stringifyJson, type Finding } from '@talaria/falco-event';

/**
 * Serialises a finding as an Elasticsearch document: the finding itself with
 * `@timestamp` set to the alert's time, nanoseconds included. Integers beyond
 * 2^53 in `output_fields` are written as exact JSON integers.
 */
export function formatFindingDocument(finding: Finding): string {
  // Serialised again rather than written as the alert's source text, because
  // Elasticsearch rejects a document with a duplicate key and senders may repeat one.
  return stringifyJson({ '@timestamp': finding.alert.time, ...finding });
}
