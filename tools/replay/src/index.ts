export { loadCorpus } from './load-corpus';
export { replay } from './replay';
export {
  REPLAY_DEFAULTS,
  REPLAY_MODES,
  type ReplayMode,
  type ReplayOptions,
} from './replay-options';
export type { LatencySummary, ReplayReport } from './replay-report';
export type { RejectedAlert } from './rejections';
export { ReplayError } from './replay-error';
export { runReplayCommand, REPLAY_HELP, type CommandIo } from './cli/replay-command';
export { formatReport } from './cli/format-report';
