import { stringifyFinding, type Finding } from '@talaria/falco-event';

/** Formats findings as NDJSON: one JSON object per line, bigint fields written as bare integers. */
export function formatNdjson(findings: readonly Finding[]): string {
  // join() builds one flat string, which encodes faster than a chain of `+=` pieces.
  const lines = new Array<string>(findings.length + 1);
  for (let index = 0; index < findings.length; index++)
    lines[index] = stringifyFinding(findings[index]);
  lines[findings.length] = '';
  return lines.join('\n');
}
