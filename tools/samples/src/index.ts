export { runGenerateCommand, GENERATE_HELP, type CommandOutput } from './cli/generate-command';
export {
  generateCorpus,
  type Corpus,
  type CorpusOptions,
  type SourceCoverage,
} from './corpus/generate-corpus';
export {
  MALFORMED_BODIES,
  malformedBodiesFile,
  type MalformedBody,
} from './corpus/malformed-bodies';
export { writeFalcoJson, type FalcoJsonValue } from './format/falco-json';
export { formatAlertTime, formatOutputClock } from './format/falco-time';
export {
  parseOutputFormat,
  renderOutput,
  fieldsOf,
  OutputFormatError,
  type FormatToken,
} from './format/output-format';
export { loadRuleFiles } from './rules/load-rule-files';
export { canonicalPriority, FALCO_PRIORITIES, type FalcoPriority } from './rules/falco-priority';
export type { FalcoRule } from './rules/falco-rule';
export { RuleFileError } from './rules/rule-file-error';
export { SeededRandom } from './random';
