import type { FalcoJsonValue } from '../format/falco-json';
import { formatAlertTime, formatOutputClock } from '../format/falco-time';
import type { FieldValue } from '../format/field-value';
import { renderOutput } from '../format/output-format';
import { isEventTimeField, renderEventTimeField } from '../values/event-time-fields';
import type { AlertDraft } from '../values/source-generator';
import type { CompiledRule } from './compiled-rule';

/**
 * Builds the alert Falco's JSON output sends for a rule match: the rendered
 * output after a "<time>: <Priority> " prefix, every field the output names
 * with its typed value, and `evt.time` from the prefix. Tags come sorted and
 * without repeats because Falco keeps them in a set.
 */
export function buildAlert(
  compiled: CompiledRule,
  draft: AlertDraft,
  prioritySpelling: string = compiled.rule.priority,
): Record<string, FalcoJsonValue> {
  const { rule, tokens, fields } = compiled;
  const textValues = new Map<string, FieldValue>();
  const outputFields: Record<string, FalcoJsonValue> = {};

  for (const field of fields) {
    if (isEventTimeField(field)) {
      textValues.set(field, renderEventTimeField(field, draft.time));
      outputFields[field] = draft.time;
      continue;
    }

    const value = draft.values.get(field) ?? null;
    textValues.set(field, value);
    outputFields[field] = value;
  }
  outputFields['evt.time'] = draft.time;

  const message = renderOutput(tokens, textValues);
  return {
    hostname: draft.hostname,
    output: `${formatOutputClock(draft.time)}: ${rule.priority} ${message}`,
    output_fields: outputFields,
    priority: prioritySpelling,
    rule: rule.name,
    source: rule.source,
    tags: [...new Set(rule.tags)].sort(),
    time: formatAlertTime(draft.time),
  };
}
