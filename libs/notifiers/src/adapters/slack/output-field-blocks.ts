import type { Finding } from '@talaria/falco-event';

import { BLOCK_KIT_LIMITS, mrkdwn, type MrkdwnText, type SectionBlock } from './block-kit';
import { fieldValueText } from './field-value-text';
import { PROCESS_FIELDS, fieldSections, renderField } from './finding-blocks';

/**
 * Builds sections for the alert's output fields that the process section
 * does not show, sorted by name, ten to a section, in at most `maxSections`
 * sections. When more fields exist than fit, the last field slot gives the
 * number left out.
 */
export function outputFieldSections(finding: Finding, maxSections: number): SectionBlock[] {
  if (maxSections < 1) return [];

  const processFields = new Set<string>(PROCESS_FIELDS);
  const entries = Object.entries(finding.alert.output_fields ?? {})
    .filter(([name]) => !processFields.has(name))
    .sort(([left], [right]) => compareNames(left, right));

  const capacity = maxSections * BLOCK_KIT_LIMITS.sectionFields;
  const fits = entries.length <= capacity;
  const listed = fits ? entries : entries.slice(0, capacity - 1);

  const fields: MrkdwnText[] = listed.map(([name, value]) =>
    renderField(name, fieldValueText(value)),
  );
  if (!fits) {
    const leftOut = entries.length - listed.length;
    fields.push(
      mrkdwn(
        `_… ${leftOut} more fields not shown (Slack allows ${BLOCK_KIT_LIMITS.blocks} blocks per message)_`,
      ),
    );
  }
  return fieldSections(fields);
}

/** Orders field names by code unit, the same on every machine, unlike localeCompare. */
function compareNames(left: string, right: string): number {
  if (left < right) return -1;
  return left > right ? 1 : 0;
}
