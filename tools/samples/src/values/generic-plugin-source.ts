import type { FieldValue } from '../format/field-value';
import { pickPluginHost } from './plugin-hosts';
import { pickTime, type SourceGenerator } from './source-generator';

/**
 * Alerts for a plugin source the generator has no model of. Every field has
 * no value, which Falco shows as <NA>, so the alert shape stays right even
 * though its details are empty.
 */
export function genericPluginSource(source: string): SourceGenerator {
  return {
    appendedFields: [],
    draft({ fields, random, fleet, window }) {
      const host = pickPluginHost(fleet, source, random);
      const values = new Map<string, FieldValue>(fields.map((field) => [field, null]));
      return {
        hostname: host.hostname,
        cluster: host.cluster,
        time: pickTime(random, window),
        values,
      };
    },
  };
}
