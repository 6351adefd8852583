import { PRIORITIES, type Priority } from '@talaria/falco-event';

import { resolveDeliveryOptions, type DeliveryOverrides } from '../delivery/delivery-options';
import type { OutputRoute } from '../output';
import {
  describeValue,
  readInteger,
  readObject,
  readString,
  readStringList,
  rejectUnknownKeys,
  type Issues,
  type PlainObject,
} from './config-readers';
import { OUTPUT_TYPES, type OutputConfig, type OutputType } from './output-config';
import { OutputConfigError } from './output-config-error';
import { TYPE_KEYS, TYPE_SETTINGS_READERS } from './parse-type-settings';

const COMMON_KEYS = [
  'name',
  'type',
  'minPriority',
  'rules',
  'sources',
  'tags',
  'criticalities',
  'maxQueue',
  'batchSize',
  'lingerMs',
  'concurrency',
  'retry',
  'circuit',
] as const;
const RETRY_KEYS = ['initialDelayMs', 'maxDelayMs', 'maxAttempts', 'maxRetryAfterMs'] as const;
const CIRCUIT_KEYS = ['failureThreshold', 'cooldownMs', 'maxWaitMs'] as const;

/** Output names become metric labels and log fields, so they are kept short and plain. */
const OUTPUT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Validates one output entry read from YAML or JSON. `path` names the entry
 * in messages, such as `outputs[1]`. Throws OutputConfigError listing every
 * problem with its key path, the value and the fix. Secrets are only checked
 * for shape here; `createOutputAdapter` reads them.
 */
export function parseOutputConfig(raw: unknown, path: string): OutputConfig {
  const issues: Issues = [];
  const config = readOutput(raw, path, issues);
  if (issues.length > 0 || config === undefined) throw new OutputConfigError(issues);
  return config;
}

/** Validates a list of outputs whose names must be unique; `path` is the list's key, such as `outputs`. */
export function parseOutputsConfig(raw: unknown, path = 'outputs'): OutputConfig[] {
  const issues: Issues = [];
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new OutputConfigError([
      `${path}: ${describeValue(raw)} is not a non-empty list; list at least one output`,
    ]);
  }

  const configs: OutputConfig[] = [];
  const firstIndexByName = new Map<string, number>();
  raw.forEach((entry, index) => {
    const config = readOutput(entry, `${path}[${index}]`, issues);
    if (config === undefined) return;

    const earlier = firstIndexByName.get(config.name);
    if (earlier !== undefined) {
      issues.push(
        `${path}[${index}].name: "${config.name}" is already used by ${path}[${earlier}]; give each output a unique name`,
      );
      return;
    }
    firstIndexByName.set(config.name, index);
    configs.push(config);
  });

  if (issues.length > 0) throw new OutputConfigError(issues);
  return configs;
}

function readOutput(raw: unknown, path: string, issues: Issues): OutputConfig | undefined {
  const object = readObject(raw, path, issues);
  if (object === undefined) return undefined;
  const issueCountBefore = issues.length;

  const type = readOutputType(object, path, issues);
  const name = readString(object, 'name', path, issues, true);
  if (name !== undefined && !OUTPUT_NAME.test(name)) {
    issues.push(
      `${path}.name: ${describeValue(name)} is not valid; use up to 64 letters, digits, _, . or -, starting with a letter or digit`,
    );
  }
  if (type === undefined) return undefined;

  rejectUnknownKeys(object, [...COMMON_KEYS, ...TYPE_KEYS[type]], path, issues);
  const common = {
    name: name ?? '',
    route: readRoute(object, path, issues),
    delivery: readDelivery(object, path, issues),
  };
  const settings = TYPE_SETTINGS_READERS[type](object, path, issues);

  return issues.length === issueCountBefore ? { ...common, ...settings } : undefined;
}

function readOutputType(object: PlainObject, path: string, issues: Issues): OutputType | undefined {
  const value = object.type;
  if (typeof value === 'string' && (OUTPUT_TYPES as readonly string[]).includes(value)) {
    return value as OutputType;
  }
  const found =
    value === undefined ? 'missing' : `${describeValue(value)} is not a known output type`;
  issues.push(`${path}.type: ${found}; use one of ${OUTPUT_TYPES.join(', ')}`);
  return undefined;
}

function readRoute(object: PlainObject, path: string, issues: Issues): OutputRoute {
  return {
    minPriority: readPriority(object.minPriority, `${path}.minPriority`, issues),
    rules: readStringList(object, 'rules', path, issues),
    sources: readStringList(object, 'sources', path, issues),
    tags: readStringList(object, 'tags', path, issues),
    criticalities: readStringList(object, 'criticalities', path, issues),
  };
}

/** Reads a Falco priority name in any letter case; absent means Debug, which delivers everything. */
function readPriority(value: unknown, path: string, issues: Issues): Priority {
  if (value === undefined || value === null) return 'Debug';
  const match =
    typeof value === 'string'
      ? PRIORITIES.find((priority) => priority.toLowerCase() === value.trim().toLowerCase())
      : undefined;
  if (match !== undefined) return match;

  issues.push(
    `${path}: ${describeValue(value)} is not a Falco priority; use one of ${PRIORITIES.join(', ')}`,
  );
  return 'Debug';
}

function readDelivery(object: PlainObject, path: string, issues: Issues): DeliveryOverrides {
  const delivery: DeliveryOverrides = {
    maxQueue: readInteger(object, 'maxQueue', path, issues, {
      min: 1,
      max: 10_000_000,
      unit: 'findings',
    }),
    batchSize: readInteger(object, 'batchSize', path, issues, {
      min: 1,
      max: 100_000,
      unit: 'findings',
    }),
    lingerMs: readInteger(object, 'lingerMs', path, issues, {
      min: 0,
      max: 60_000,
      unit: 'milliseconds',
    }),
    concurrency: readInteger(object, 'concurrency', path, issues, {
      min: 1,
      max: 64,
      unit: 'batches in flight',
    }),
    retry: readRetry(object.retry, `${path}.retry`, issues),
    circuit: readCircuit(object.circuit, `${path}.circuit`, issues),
  };

  // Cross-field rules, such as maxDelayMs not below initialDelayMs, live in one place.
  try {
    resolveDeliveryOptions(delivery);
  } catch (error) {
    issues.push(`${path}.${(error as Error).message}`);
  }
  return delivery;
}

function readRetry(raw: unknown, path: string, issues: Issues): DeliveryOverrides['retry'] {
  if (raw === undefined || raw === null) return undefined;
  const object = readObject(raw, path, issues);
  if (object === undefined) return undefined;

  rejectUnknownKeys(object, RETRY_KEYS, path, issues);
  const milliseconds = { min: 0, max: 86_400_000, unit: 'milliseconds' };
  return {
    initialDelayMs: readInteger(object, 'initialDelayMs', path, issues, milliseconds),
    maxDelayMs: readInteger(object, 'maxDelayMs', path, issues, milliseconds),
    maxAttempts: readInteger(object, 'maxAttempts', path, issues, {
      min: 1,
      max: 1000,
      unit: 'attempts',
    }),
    maxRetryAfterMs: readInteger(object, 'maxRetryAfterMs', path, issues, milliseconds),
  };
}

function readCircuit(raw: unknown, path: string, issues: Issues): DeliveryOverrides['circuit'] {
  if (raw === undefined || raw === null) return undefined;
  const object = readObject(raw, path, issues);
  if (object === undefined) return undefined;

  rejectUnknownKeys(object, CIRCUIT_KEYS, path, issues);
  return {
    failureThreshold: readInteger(object, 'failureThreshold', path, issues, {
      min: 1,
      max: 1000,
      unit: 'consecutive failed sends',
    }),
    cooldownMs: readInteger(object, 'cooldownMs', path, issues, {
      min: 0,
      max: 86_400_000,
      unit: 'milliseconds',
    }),
    maxWaitMs: readInteger(object, 'maxWaitMs', path, issues, {
      min: 1000,
      max: 604_800_000,
      unit: 'milliseconds',
    }),
  };
}
