import { stringifyJson, type Finding } from '@talaria/falco-event';

/** Formats findings as NDJSON: one JSON object per line, bigint fields written as bare integers. */
export function formatNdjson(findings: readonly Finding[]): string {
  return findings.map((finding) => `${stringifyJson(finding)}\n`).join('');
}
