import { readFileSync } from 'node:fs';

import { OutputConfigError } from '../../config/output-config-error';
import { resolveSecret, type SecretSources } from '../../config/secret-source';
import {
  DEFAULT_INDEX_PREFIX,
  type ElasticsearchOutputConfig,
} from './elasticsearch-output-config';
import { ElasticsearchOutput } from './elasticsearch-output';

/**
 * Creates the adapter for a validated `elasticsearch` output, reading its
 * secrets and CA file now. Throws OutputConfigError naming the output and key
 * when one cannot be read; the error never contains a secret.
 */
export function createElasticsearchOutput(
  config: ElasticsearchOutputConfig,
  secrets?: SecretSources,
): ElasticsearchOutput {
  const where = `output "${config.name}"`;

  let auth: { apiKey: string } | { username: string; password: string } | undefined;
  if (config.apiKey !== undefined) {
    auth = { apiKey: resolveSecret(config.apiKey, `${where} apiKey`, secrets) };
  } else if (config.username !== undefined && config.password !== undefined) {
    auth = {
      username: config.username,
      password: resolveSecret(config.password, `${where} password`, secrets),
    };
  }

  return new ElasticsearchOutput({
    name: config.name,
    url: config.url,
    target:
      config.dataStream !== undefined
        ? { kind: 'dataStream', name: config.dataStream }
        : { kind: 'daily', prefix: config.index ?? DEFAULT_INDEX_PREFIX },
    auth,
    ca: config.caFile === undefined ? undefined : readCaFile(config.caFile, where),
    installTemplate: config.installTemplate,
    templateName: config.templateName,
    templatePriority: config.templatePriority,
    maxBatchSize: config.delivery.batchSize,
    maxBulkBytes: config.maxBulkBytes,
    timeoutMs: config.timeoutMs,
  });
}

function readCaFile(file: string, where: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new OutputConfigError([
      `${where} caFile: reading ${file} failed (${code}); check that the CA file is mounted and readable`,
    ]);
  }
}
