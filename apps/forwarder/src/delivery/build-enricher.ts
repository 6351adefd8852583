import type { Registry } from 'prom-client';
import { OwnershipEnricher } from '@talaria/enrichment-client';
import type { EnrichStage } from '@talaria/pipeline';
import type { Logger } from '@talaria/telemetry';
import { ConfigError, resolveSecret, type ForwarderConfig } from '../config';

const MS_PER_SECOND = 1000;

/** Builds the enrich stage from the `enrichment` section, or none when the section is absent. */
export function buildEnricher(
  config: ForwarderConfig,
  logger: Logger,
  registry: Registry,
): EnrichStage | undefined {
  const enrichment = config.enrichment;
  if (enrichment === undefined) return undefined;

  const token = resolveSecret(enrichment.token, 'enrichment.token');
  if ('problem' in token) throw new ConfigError([token.problem]);

  const seconds = (value: number | undefined) =>
    value === undefined ? undefined : value * MS_PER_SECOND;
  logger.info({ url: enrichment.url }, 'findings are enriched from the ownership API');
  return new OwnershipEnricher({
    url: enrichment.url,
    token: token.secret,
    logger,
    registry,
    timeoutMs: enrichment.timeoutMs,
    cacheSize: enrichment.cacheSize,
    cacheTtlMs: seconds(enrichment.cacheTtlSeconds),
    negativeCacheTtlMs: seconds(enrichment.unknownCacheTtlSeconds),
    failureThreshold: enrichment.failureThreshold,
    circuitCooldownMs: seconds(enrichment.circuitCooldownSeconds),
  });
}
