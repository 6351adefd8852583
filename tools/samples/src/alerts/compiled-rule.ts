import {
  fieldsOf,
  OutputFormatError,
  parseOutputFormat,
  type FormatToken,
} from '../format/output-format';
import type { FalcoRule } from '../rules/falco-rule';
import { RuleFileError } from '../rules/rule-file-error';
import type { SourceGenerator } from '../values/source-generator';

/** A rule with its output format parsed, including the fields Falco appends for its source. */
export interface CompiledRule {
  rule: FalcoRule;
  generator: SourceGenerator;
  tokens: FormatToken[];
  /** Every field the final format names, once each. */
  fields: string[];
}

export function compileRule(rule: FalcoRule, generator: SourceGenerator): CompiledRule {
  // Falco appends each extra format to the rule output after one space.
  const appended = generator.appendedFields.map(({ key, field }) => ` ${key}=%${field}`).join('');

  let tokens: FormatToken[];
  try {
    tokens = parseOutputFormat(rule.output + appended);
  } catch (error) {
    if (!(error instanceof OutputFormatError)) throw error;
    throw new RuleFileError(rule.file, `rule "${rule.name}": ${error.message}`, { cause: error });
  }

  return { rule, generator, tokens, fields: fieldsOf(tokens) };
}
