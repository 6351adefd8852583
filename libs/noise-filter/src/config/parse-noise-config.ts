import { DEFAULT_FINGERPRINT_FIELDS } from '@talaria/falco-event';

import {
  DEFAULT_WINDOW_MS,
  type CoalescingMode,
  type RateLimitSettings,
} from '../coalescing/coalescing-settings';
import { DEFAULT_MAX_STORMS } from '../coalescing/memory-storm-store';
import {
  checkKeys,
  ConfigProblems,
  isMapping,
  readBoolean,
  readBytes,
  readNumber,
  readText,
  readTextList,
  show,
} from './config-readers';
import {
  NoiseConfigError,
  type NoiseConfig,
  type OutputNoiseConfig,
  type StoreConfig,
} from './noise-config';

const MODES: readonly CoalescingMode[] = ['coalesce', 'tag', 'off'];
const DEFAULT_KEY_PREFIX = 'talaria:noise:';
const DEFAULT_SUPPRESSED_MAX_BYTES = 256 * 1024 * 1024;
const DEFAULT_SUPPRESSED_MAX_FILES = 5;
const WINDOW_RANGE = { min: 1, max: 86_400, unit: 'seconds' };

/**
 * Validates the `noise` section of the forwarder configuration. Every
 * problem is collected and thrown at once as NoiseConfigError, each naming
 * its key path under `path`. Absent or null means every default.
 */
export function parseNoiseConfig(raw: unknown, path = 'noise'): NoiseConfig {
  const problems = new ConfigProblems();
  const section = raw ?? {};
  const config: NoiseConfig = {
    dryRun: false,
    store: { type: 'memory', maxStorms: DEFAULT_MAX_STORMS },
    coalescing: {
      windowMs: DEFAULT_WINDOW_MS,
      fields: [...DEFAULT_FINGERPRINT_FIELDS],
      ruleKeyFields: {},
    },
    outputs: {},
  };

  if (!isMapping(section)) {
    throw new NoiseConfigError([
      `${path}: ${show(section)} is not a mapping of dryRun, suppressedOutput, store, coalescing and outputs`,
    ]);
  }
  checkKeys(
    section,
    ['dryRun', 'suppressedOutput', 'store', 'coalescing', 'outputs'],
    path,
    problems,
  );

  config.dryRun = readBoolean(section.dryRun, `${path}.dryRun`, problems, false);
  config.suppressedOutput = readSuppressedOutput(
    section.suppressedOutput,
    `${path}.suppressedOutput`,
    problems,
  );
  config.store = readStore(section.store, `${path}.store`, problems) ?? config.store;
  readCoalescing(section.coalescing, `${path}.coalescing`, problems, config);
  config.outputs = readOutputs(section.outputs, `${path}.outputs`, problems);

  if (problems.issues.length > 0) throw new NoiseConfigError(problems.issues);
  return config;
}

function readSuppressedOutput(
  value: unknown,
  path: string,
  problems: ConfigProblems,
): NoiseConfig['suppressedOutput'] {
  if (value === undefined || value === null) return undefined;
  if (!isMapping(value)) {
    problems.add(path, `${show(value)} is not a mapping with path, maxBytes and maxFiles`);
    return undefined;
  }
  checkKeys(value, ['path', 'maxBytes', 'maxFiles'], path, problems);

  const file = readText(value.path, `${path}.path`, problems);
  if (value.path === undefined)
    problems.add(`${path}.path`, 'missing; give the NDJSON file that receives suppressed findings');
  const maxBytes =
    readBytes(value.maxBytes, `${path}.maxBytes`, problems) ?? DEFAULT_SUPPRESSED_MAX_BYTES;
  const maxFiles =
    readNumber(value.maxFiles, `${path}.maxFiles`, problems, {
      min: 0,
      max: 1000,
      unit: 'files',
    }) ?? DEFAULT_SUPPRESSED_MAX_FILES;
  return file === undefined ? undefined : { path: file, maxBytes, maxFiles: Math.floor(maxFiles) };
}

function readStore(
  value: unknown,
  path: string,
  problems: ConfigProblems,
): StoreConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isMapping(value)) {
    problems.add(path, `${show(value)} is not a mapping with type memory or redis`);
    return undefined;
  }

  if (value.type === undefined || value.type === 'memory') {
    checkKeys(value, ['type', 'maxStorms'], path, problems);
    const maxStorms = readNumber(value.maxStorms, `${path}.maxStorms`, problems, {
      min: 1,
      max: 100_000_000,
      unit: 'storms',
    });
    return { type: 'memory', maxStorms: Math.floor(maxStorms ?? DEFAULT_MAX_STORMS) };
  }

  if (value.type !== 'redis') {
    problems.add(`${path}.type`, `${show(value.type)} is not valid; expected memory or redis`);
    return undefined;
  }
  checkKeys(value, ['type', 'url', 'keyPrefix'], path, problems);

  const url = readRedisUrl(value.url, `${path}.url`, problems);
  const keyPrefix = readText(value.keyPrefix, `${path}.keyPrefix`, problems) ?? DEFAULT_KEY_PREFIX;
  return url === undefined ? undefined : { type: 'redis', url, keyPrefix };
}

/** Reads a Redis URL given inline or as `{ env: NAME }`, so a password can stay out of the file. */
function readRedisUrl(value: unknown, path: string, problems: ConfigProblems): string | undefined {
  let url = value;
  if (isMapping(value) && typeof value.env === 'string' && Object.keys(value).length === 1) {
    url = process.env[value.env];
    if (url === undefined || url === '') {
      problems.add(
        path,
        `environment variable ${value.env} is not set; set it to a redis:// address`,
      );
      return undefined;
    }
  }

  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) {
    problems.add(
      path,
      'missing or not a redis:// or rediss:// address; write it inline or as { env: NAME }',
    );
    return undefined;
  }
  return url;
}

function readCoalescing(
  value: unknown,
  path: string,
  problems: ConfigProblems,
  config: NoiseConfig,
): void {
  if (value === undefined || value === null) return;
  if (!isMapping(value)) {
    problems.add(
      path,
      `${show(value)} is not a mapping with windowSeconds, fields and ruleKeyFields`,
    );
    return;
  }
  checkKeys(value, ['windowSeconds', 'fields', 'ruleKeyFields'], path, problems);

  const windowSeconds = readNumber(
    value.windowSeconds,
    `${path}.windowSeconds`,
    problems,
    WINDOW_RANGE,
  );
  if (windowSeconds !== undefined) config.coalescing.windowMs = windowSeconds * 1000;
  config.coalescing.fields =
    readTextList(value.fields, `${path}.fields`, problems) ?? config.coalescing.fields;

  if (value.ruleKeyFields === undefined) return;
  if (!isMapping(value.ruleKeyFields)) {
    problems.add(
      `${path}.ruleKeyFields`,
      `${show(value.ruleKeyFields)} is not a mapping of rule names to lists of fields`,
    );
    return;
  }
  for (const [rule, fields] of Object.entries(value.ruleKeyFields)) {
    const list = readTextList(fields, `${path}.ruleKeyFields.${rule}`, problems);
    if (list !== undefined) config.coalescing.ruleKeyFields[rule] = list;
  }
}

function readOutputs(
  value: unknown,
  path: string,
  problems: ConfigProblems,
): Record<string, OutputNoiseConfig> {
  const outputs: Record<string, OutputNoiseConfig> = {};
  if (value === undefined || value === null) return outputs;
  if (!isMapping(value)) {
    problems.add(path, `${show(value)} is not a mapping of output names to settings`);
    return outputs;
  }

  for (const [name, settings] of Object.entries(value)) {
    const outputPath = `${path}.${name}`;
    if (!isMapping(settings)) {
      problems.add(
        outputPath,
        `${show(settings)} is not a mapping with mode, windowSeconds, rateLimit and ownerRateLimit`,
      );
      continue;
    }
    checkKeys(
      settings,
      ['mode', 'windowSeconds', 'rateLimit', 'ownerRateLimit'],
      outputPath,
      problems,
    );

    const output: OutputNoiseConfig = {};
    if (settings.mode !== undefined) {
      if (MODES.includes(settings.mode as CoalescingMode))
        output.mode = settings.mode as CoalescingMode;
      else
        problems.add(
          `${outputPath}.mode`,
          `${show(settings.mode)} is not valid; expected ${MODES.join(', ')}`,
        );
    }
    const windowSeconds = readNumber(
      settings.windowSeconds,
      `${outputPath}.windowSeconds`,
      problems,
      WINDOW_RANGE,
    );
    if (windowSeconds !== undefined) output.windowMs = windowSeconds * 1000;
    output.rateLimit = readRateLimit(settings.rateLimit, `${outputPath}.rateLimit`, problems);
    output.ownerRateLimit = readRateLimit(
      settings.ownerRateLimit,
      `${outputPath}.ownerRateLimit`,
      problems,
    );

    const limited = output.rateLimit !== undefined || output.ownerRateLimit !== undefined;
    if (limited && output.mode !== undefined && output.mode !== 'coalesce') {
      problems.add(
        outputPath,
        `rate limits apply only in mode coalesce; this output has mode ${output.mode}`,
      );
    }
    outputs[name] = output;
  }
  return outputs;
}

function readRateLimit(
  value: unknown,
  path: string,
  problems: ConfigProblems,
): RateLimitSettings | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isMapping(value)) {
    problems.add(path, `${show(value)} is not a mapping with perMinute and burst`);
    return undefined;
  }
  checkKeys(value, ['perMinute', 'burst'], path, problems);

  const perMinute = readNumber(value.perMinute, `${path}.perMinute`, problems, {
    min: 0.001,
    max: 1_000_000,
    unit: 'findings per minute',
  });
  const burst = readNumber(value.burst, `${path}.burst`, problems, {
    min: 1,
    max: 1_000_000,
    unit: 'findings',
  });
  if (value.perMinute === undefined)
    problems.add(
      `${path}.perMinute`,
      'missing; give the findings per minute the limit lets through',
    );
  if (perMinute === undefined) return undefined;
  return { perMinute, burst: burst ?? Math.max(1, Math.ceil(perMinute / 6)) };
}
