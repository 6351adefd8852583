import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { ConfigError } from './config-error';
import { SCALAR_KEYS, STRUCTURED_KEYS, coerceScalar, environmentName } from './config-schema';
import { defaultConfig, type ForwarderConfig } from './forwarder-config';
import { validateNoiseSettings } from './noise-settings';
import { validateAuth, validateOutputs, validateTls } from './validate-sections';
import { ENRICHMENT_TOKEN_VARIABLE, validateEnrichment } from './enrichment-config';

export interface LoadConfigOptions {
  /** YAML file; absent means embedded defaults only. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Values from command-line flags, keyed by dotted path; they win over file and environment. */
  overrides?: Record<string, unknown>;
  /**
   * Skips the checks of ingest authentication, TLS and enrichment, so their
   * secrets need not be set. For tools that only deliver findings, such as
   * dead-letter redelivery.
   */
  outputsOnly?: boolean;
}

/**
 * Builds the effective configuration: embedded defaults, then the YAML file,
 * then `TALARIA_*` environment variables, then command-line flags. Every
 * problem is collected and reported at once with the key that contains it.
 */
export function loadConfig(options: LoadConfigOptions = {}): ForwarderConfig {
  const env = options.env ?? process.env;
  const config = defaultConfig() as unknown as Record<string, unknown>;
  const problems: string[] = [];

  if (options.file) {
    const fromFile = readYamlFile(options.file);
    problems.push(...findUnknownKeys(fromFile, ''));
    mergeInto(config, fromFile);
  }

  // Where a value came from when it was not the file, so a problem names the place to fix it.
  const sources = new Map<string, string>();
  for (const key of Object.keys(SCALAR_KEYS)) {
    const value = env[environmentName(key)];
    if (value === undefined || value === '') continue;
    setPath(config, key, value);
    sources.set(key, `environment variable ${environmentName(key)}`);
  }
  if (env.TALARIA_INGEST_TOKEN) {
    const auth = config.auth as { tokens: unknown[] };
    auth.tokens = [...auth.tokens, { name: 'env', token: { env: 'TALARIA_INGEST_TOKEN' } }];
  }

  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    setPath(config, key, value);
    sources.set(key, 'command-line option');
  }
  addEnrichmentTokenFromEnvironment(config, env);

  for (const [key, rule] of Object.entries(SCALAR_KEYS)) {
    const value = getPath(config, key);
    if (value === undefined) continue;
    const result = coerceScalar(key, rule, value);
    const source = sources.get(key);
    if (!('problem' in result)) setPath(config, key, result.value);
    else
      problems.push(source === undefined ? result.problem : `${result.problem} (from ${source})`);
  }

  problems.push(
    ...validateNoiseSettings(config.filters, config.noise),
    ...validateOutputs(config.outputs),
  );
  if (!options.outputsOnly) {
    problems.push(
      ...validateTls(config.tls),
      ...validateAuth(config.auth, env),
      ...validateEnrichment(config.enrichment, env),
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return config as unknown as ForwarderConfig;
}

function readYamlFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'it does not exist; check the path'
        : (error as Error).message;
    throw new ConfigError([`cannot read config file ${file}: ${reason}`], { cause: error });
  }

  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(document.errors.map((error) => `${file}: ${error.message}`));
  }

  const value: unknown = document.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError([
      `${file}: the top level must be a mapping of keys such as cluster, listen and outputs`,
    ]);
  }
  return value as Record<string, unknown>;
}

function findUnknownKeys(value: Record<string, unknown>, prefix: string): string[] {
  const problems: string[] = [];

  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (path in SCALAR_KEYS || STRUCTURED_KEYS.has(path)) continue;

    const isSection = Object.keys(SCALAR_KEYS).some((known) => known.startsWith(`${path}.`));
    if (isSection && child !== null && typeof child === 'object' && !Array.isArray(child)) {
      problems.push(...findUnknownKeys(child as Record<string, unknown>, path));
      continue;
    }
    problems.push(`${path}: unknown key${suggestKey(path)}`);
  }
  return problems;
}

function suggestKey(path: string): string {
  const lower = path.toLowerCase();
  const known = [...Object.keys(SCALAR_KEYS), ...STRUCTURED_KEYS];
  const match = known.find((candidate) => candidate.toLowerCase() === lower);
  return match ? `; did you mean ${match}?` : '; remove it or check the spelling';
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    const bothMappings =
      isMapping(existing) && isMapping(value) && key !== 'outputs' && key !== 'clientCertClusters';
    if (bothMappings) mergeInto(existing, value);
    else target[key] = value;
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function getPath(root: Record<string, unknown>, path: string): unknown {
  let node: unknown = root;
  for (const part of path.split('.')) {
    if (!isMapping(node)) return undefined;
    node = node[part];
  }
  return node;
}

function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = root;
  for (const part of parts.slice(0, -1)) {
    if (!isMapping(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

// TALARIA_ENRICHMENT_TOKEN supplies the token of an enrichment section that names none.
function addEnrichmentTokenFromEnvironment(
  config: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): void {
  if (!env[ENRICHMENT_TOKEN_VARIABLE]) return;
  const section = config.enrichment;
  if (!isMapping(section) || section.token !== undefined) return;
  section.token = { env: ENRICHMENT_TOKEN_VARIABLE };
}
