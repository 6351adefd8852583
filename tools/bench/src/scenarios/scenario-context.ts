import type { AlertCorpus } from '../alerts/alert-corpus';
import type { BenchOptions } from '../bench-options';

/** Inputs of every scenario: the options, the alerts and the settings for server children. */
export interface ScenarioContext {
  options: BenchOptions;
  corpus: AlertCorpus;
  /** Bearer token the forwarder children accept. */
  token: string;
  /** Variable of `childEnv` that contains the token. */
  tokenVariable: string;
  childEnv: NodeJS.ProcessEnv;
  /** Node flags for forwarder children, such as --cpu-prof. */
  forwarderExecArgv: string[];
  /** Writes a progress line to stderr. */
  progress(message: string): void;
}
