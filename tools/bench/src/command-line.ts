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
