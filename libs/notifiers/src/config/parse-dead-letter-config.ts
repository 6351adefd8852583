import type { FileDeadLetterOptions } from '../delivery/dead-letter';
import {
  readInteger,
  readObject,
  readString,
  rejectUnknownKeys,
  type Issues,
} from './config-readers';
import { OutputConfigError } from './output-config-error';

/** Validates the dead-letter settings: `path` (required), `maxBytes` and `maxFiles`. */
export function parseDeadLetterConfig(raw: unknown, path = 'deadLetter'): FileDeadLetterOptions {
  const issues: Issues = [];
  const object = readObject(raw, path, issues);
  if (object === undefined) throw new OutputConfigError(issues);

  rejectUnknownKeys(object, ['path', 'maxBytes', 'maxFiles'], path, issues);
  const options: FileDeadLetterOptions = {
    path: readString(object, 'path', path, issues, true) ?? '',
    maxBytes: readInteger(object, 'maxBytes', path, issues, { min: 1024, unit: 'bytes' }),
    maxFiles: readInteger(object, 'maxFiles', path, issues, {
      min: 0,
      max: 1000,
      unit: 'rotated files kept',
    }),
  };
  if (issues.length > 0) throw new OutputConfigError(issues);
  return options;
}
