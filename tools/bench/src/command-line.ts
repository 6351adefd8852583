import { parseArgs } from 'node:util';

/** Reads a whole number of at least 1 given as `--name`, or throws naming the option and the value. */
export function positiveOption(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a whole number of at least 1; got ${text}`);
  return value;
}

/** Writes a progress line to stderr, so stdout keeps only the results. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Runs a command's main function and sets the exit status, printing a thrown error as one line. */
export function runMain(command: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `${command} failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}

/** Size of a benchmark that repeats one measurement over a number of alerts. */
export interface RoundOptions {
  alerts: number;
  rounds: number;
}

/**
 * Reads `--alerts N`, `--rounds N` and `--help` from `argv`. Prints `usage`
 * and returns undefined for --help, and throws for an invalid number.
 */
export function parseRoundOptions(
  argv: string[],
  usage: string,
  defaults: RoundOptions,
): RoundOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      alerts: { type: 'string', default: String(defaults.alerts) },
      rounds: { type: 'string', default: String(defaults.rounds) },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return undefined;
  }

  return {
    alerts: positiveOption('alerts', values.alerts),
    rounds: positiveOption('rounds', values.rounds),
  };
}
