import type { Finding } from '@talaria/falco-event';

import { BLOCK_KIT_LIMITS, mrkdwn, type MrkdwnText, type SectionBlock } from './block-kit';
import { fieldValueText } from './field-value-text';
import { PROCESS_FIELDS, fieldSections, renderField } from './finding-blocks';

/**
 * Builds sections for the alert's output fields that the process section
 * does not show, sorted by name, ten to a section, in at most `maxSections`
 * sections. When more fields exist than fit, the last field slot says how
 * many were left out.
 */
export function outputFieldSections(finding: Finding, maxSections: number): SectionBlock[] {
  if (maxSections < 1) return [];

  const shown = new Set<string>(PROCESS_FIELDS);
  const entries = Object.entries(finding.alert.output_fields ?? {})
    .filter(([name]) => !shown.has(name))
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));

  const capacity = maxSections * BLOCK_KIT_LIMITS.sectionFields;
  const fits = entries.length <= capacity;
  const kept = fits ? entries : entries.slice(0, capacity - 1);

  const fields: MrkdwnText[] = kept.map(([name, value]) =>
    renderField(name, fieldValueText(value)),
  );
  if (!fits) {
    const leftOut = entries.length - kept.length;
    fields.push(
      mrkdwn(
        `_… ${leftOut} more fields not shown (Slack allows ${BLOCK_KIT_LIMITS.blocks} blocks per message)_`,
      ),
    );
  }
  return fieldSections(fields);
}
