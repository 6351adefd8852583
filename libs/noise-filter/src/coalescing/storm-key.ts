import { DEFAULT_FINGERPRINT_FIELDS, fingerprint, type Finding } from '@talaria/falco-event';

import type { CoalescingSettings } from './coalescing-settings';

/**
 * Returns a function computing the coalescing fingerprint of a finding: a
 * hash of the settings' fields plus the key fields of the finding's rule.
 * With the default fields and no key fields it is the finding's own
 * fingerprint, computed at ingest, so no hashing is repeated.
 */
export function createStormKey(
  settings: Pick<CoalescingSettings, 'fields' | 'ruleKeyFields'>,
): (finding: Finding) => string {
  const usesDefaults =
    Object.keys(settings.ruleKeyFields).length === 0 &&
    settings.fields.length === DEFAULT_FINGERPRINT_FIELDS.length &&
    settings.fields.every((field, index) => field === DEFAULT_FINGERPRINT_FIELDS[index]);
  if (usesDefaults) return (finding) => finding.fingerprint;

  const fieldsByRule = new Map<string, readonly string[]>();
  for (const [rule, keyFields] of Object.entries(settings.ruleKeyFields)) {
    fieldsByRule.set(rule, [...settings.fields, ...keyFields]);
  }

  return (finding) => {
    const fields = fieldsByRule.get(finding.alert.rule) ?? settings.fields;
    return fingerprint(finding.alert, finding.workload, fields);
  };
}
