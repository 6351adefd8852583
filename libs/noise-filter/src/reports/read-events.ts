import { buildFinding, parseAlert, type Finding } from '@talaria/falco-event';

export interface EventContext {
  /** Stamped on every finding, as the forwarder stamps alerts from one sender. */
  cluster: string;
  region: string;
}

/** One NDJSON line that is not a valid Falco alert. */
export interface InvalidEventLine {
  /** 1-based line number. */
  line: number;
  problems: string[];
}

export type EventLineResult =
  { line: number; finding: Finding } | ({ ok: false } & InvalidEventLine);

/**
 * Turns one NDJSON line into a finding the way the forwarder does, with
 * parseAlert and buildFinding. Returns undefined for a blank line.
 */
export function readEventLine(
  text: string,
  line: number,
  context: EventContext,
): EventLineResult | undefined {
  if (text.trim() === '') return undefined;

  const parsed = parseAlert(text);
  if (!parsed.ok) {
    return {
      ok: false,
      line,
      problems: parsed.problems.map((problem) =>
        problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`,
      ),
    };
  }

  const finding = buildFinding({
    id: `line-${line}`,
    receivedAt: new Date(parsed.timeMs),
    cluster: context.cluster,
    region: context.region,
    parsed,
  });
  return { line, finding };
}
