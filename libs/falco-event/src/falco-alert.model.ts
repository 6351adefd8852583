import { IsArray, IsNotEmpty, IsRFC3339, IsString } from 'class-validator';
import type { FieldValue } from './alert-types';
import {
  expecting,
  IsFalcoPriority,
  IsFieldValueMap,
  OptionalUnlessNull,
} from './model-decorators';

const RFC3339_EXPECTATION = 'an RFC 3339 time such as "2024-05-31T17:20:42.123456789Z"';

/**
 * One alert of Falco's JSON output (json_output: true), as class-validator
 * decorators. It is the single source of truth for the alert's shape, and
 * parseAlert runs a checker compiled from these decorators.
 *
 * Only `time`, `rule` and `priority` are required. falco.yaml can switch off
 * `output`, `tags`, `output_fields` and `message`
 * (json_include_output_property and its siblings), and older senders leave out
 * `hostname` and `source`. A property that is present must have the right type,
 * and null is not accepted in place of a value. Top-level properties that are
 * not declared here are kept as they are.
 */
export class FalcoAlertModel {
  /** Event time in UTC with nanoseconds, for example `2024-05-31T17:20:42.123456789Z`. */
  @IsRFC3339(expecting(RFC3339_EXPECTATION))
  time!: string;

  // Decorators apply bottom-up, and the checker reports the first failure, so
  // the type check sits nearest the property.
  @IsNotEmpty(expecting('a non-empty string'))
  @IsString(expecting('a non-empty string'))
  rule!: string;

  /** Priority name as sent; Falco itself writes the canonical names. */
  @IsFalcoPriority()
  priority!: string;

  /** Formatted alert text: time, priority and the rule's output line. */
  @OptionalUnlessNull()
  @IsString(expecting('a string'))
  output?: string;

  /** Values of the fields named in the rule's output, keyed by field name such as `proc.name`. */
  @OptionalUnlessNull()
  @IsFieldValueMap()
  output_fields?: Record<string, FieldValue>;

  /** Event source, such as `syscall`, `k8s_audit`, `aws_cloudtrail` or `internal`. */
  @OptionalUnlessNull()
  @IsString(expecting('a string'))
  source?: string;

  @OptionalUnlessNull()
  @IsString({ each: true, ...expecting('a string') })
  @IsArray(expecting('an array of strings'))
  tags?: string[];

  @OptionalUnlessNull()
  @IsString(expecting('a string'))
  hostname?: string;

  /** The rule's output line without the time and priority prefix. */
  @OptionalUnlessNull()
  @IsString(expecting('a string'))
  message?: string;

  [extra: string]: unknown;
}
