import { NoiseConfigError, parseNoiseConfig } from '@talaria/noise-filter';

/**
 * Checks `filters` (a list of filter file paths) and `noise` (dry run, the
 * suppressed-events output, the coalescing store and per-output settings,
 * validated by @talaria/noise-filter). The filter files themselves are read
 * and checked when the forwarder starts, so a missing file is reported with
 * the others' problems.
 */
export function validateNoiseSettings(filters: unknown, noise: unknown): string[] {
  const problems: string[] = [];

  if (
    !Array.isArray(filters) ||
    !filters.every((path) => typeof path === 'string' && path !== '')
  ) {
    problems.push(
      'filters: must be a list of filter file paths, such as [/etc/talaria/filters.yaml]',
    );
  }

  try {
    parseNoiseConfig(noise, 'noise');
  } catch (error) {
    if (!(error instanceof NoiseConfigError)) throw error;
    problems.push(...error.issues);
  }
  return problems;
}
