import type { FalcoPriority } from './falco-priority';

/** The parts of a Falco rule that shape the alerts it produces. */
export interface FalcoRule {
  name: string;
  priority: FalcoPriority;
  /** Event source; Falco uses `syscall` when a rule names none. */
  source: string;
  tags: string[];
  /** The output format with its `%field` references, trimmed as Falco trims it. */
  output: string;
  enabled: boolean;
  /** The file that defined the rule, for error messages. */
  file: string;
}
