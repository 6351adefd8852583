import type { SecretSource } from './forwarder-config';
import type { ScalarRule } from './config-schema';
import { isSecretSource, resolveSecret } from './secrets';

/** Ownership API that the enrich stage queries. Without it, each finding's owner reason is that enrichment is not configured. */
export interface EnrichmentConfig {
  /** Base URL of the ownership API, such as `http://ownership-api.talaria.svc:2802`. */
  url: string;
  /** Bearer token with the read scope. */
  token: SecretSource;
  timeoutMs?: number;
  cacheSize?: number;
  cacheTtlSeconds?: number;
  unknownCacheTtlSeconds?: number;
  failureThreshold?: number;
  circuitCooldownSeconds?: number;
}

/** Scalar keys of the `enrichment` section; defaults are the enrichment client's. */
export const ENRICHMENT_SCALAR_KEYS: Record<string, ScalarRule> = {
  'enrichment.url': { kind: 'string', nonEmpty: true },
  'enrichment.timeoutMs': { kind: 'integer', min: 1, max: 60_000, unit: 'milliseconds' },
  'enrichment.cacheSize': { kind: 'integer', min: 1, max: 10_000_000 },
  'enrichment.cacheTtlSeconds': { kind: 'integer', min: 0, max: 86_400, unit: 'seconds' },
  'enrichment.unknownCacheTtlSeconds': { kind: 'integer', min: 0, max: 86_400, unit: 'seconds' },
  'enrichment.failureThreshold': { kind: 'integer', min: 1, max: 1_000 },
  'enrichment.circuitCooldownSeconds': { kind: 'integer', min: 0, max: 3_600, unit: 'seconds' },
};

/** Environment variable that supplies the enrichment token when the file names none. */
export const ENRICHMENT_TOKEN_VARIABLE = 'TALARIA_ENRICHMENT_TOKEN';

/** Checks `enrichment`: an http(s) URL and a token that resolves, or no section at all. */
export function validateEnrichment(enrichment: unknown, env: NodeJS.ProcessEnv): string[] {
  if (enrichment === undefined) return [];
  if (enrichment === null || typeof enrichment !== 'object' || Array.isArray(enrichment)) {
    return ['enrichment: must be a mapping with url and token'];
  }
  const section = enrichment as Record<string, unknown>;
  const problems: string[] = [];

  if (typeof section.url !== 'string' || !/^https?:\/\/[^/]/.test(section.url)) {
    problems.push(
      `enrichment.url: ${JSON.stringify(section.url)} is not an http(s) URL; give the ownership API's address, such as http://ownership-api:2802`,
    );
  }

  if (!isSecretSource(section.token)) {
    problems.push(
      `enrichment.token: missing or malformed; use { env: VARIABLE } or { file: PATH }, or set ${ENRICHMENT_TOKEN_VARIABLE}`,
    );
  } else {
    const resolved = resolveSecret(section.token, 'enrichment.token', env);
    if ('problem' in resolved) problems.push(resolved.problem);
  }
  return problems;
}
