import { isSecretSource, resolveSecret } from './secrets';

/** Checks `auth`: each ingest token has a name, a resolvable secret and optional cluster and region. */
export function validateAuth(auth: unknown, env: NodeJS.ProcessEnv): string[] {
  if (!isRecord(auth)) return ['auth: must be a mapping with a tokens list'];
  const problems: string[] = [];

  const tokens = auth.tokens ?? [];
  if (!Array.isArray(tokens))
    return ['auth.tokens: must be a list of { name, token, cluster, region }'];

  const names = new Set<string>();
  tokens.forEach((entry: unknown, index) => {
    const key = `auth.tokens[${index}]`;
    if (!isRecord(entry)) {
      problems.push(`${key}: must be a mapping with name and token`);
      return;
    }
    if (typeof entry.name !== 'string' || entry.name === '')
      problems.push(`${key}.name: missing; give each token a name for logs and metrics`);
    else if (names.has(entry.name))
      problems.push(`${key}.name: "${entry.name}" is used twice; names must be unique`);
    else names.add(entry.name);

    if (!isSecretSource(entry.token)) {
      problems.push(`${key}.token: missing or malformed; use { env: VARIABLE } or { file: PATH }`);
    } else {
      const resolved = resolveSecret(entry.token, `${key}.token`, env);
      if ('problem' in resolved) problems.push(resolved.problem);
    }

    for (const field of ['cluster', 'region']) {
      if (entry[field] !== undefined && (typeof entry[field] !== 'string' || entry[field] === '')) {
        problems.push(`${key}.${field}: ${JSON.stringify(entry[field])} is not a non-empty string`);
      }
    }
    const unknown = Object.keys(entry).filter(
      (field) => !['name', 'token', 'cluster', 'region'].includes(field),
    );
    for (const field of unknown)
      problems.push(`${key}.${field}: unknown key; expected name, token, cluster or region`);
  });

  if (auth.metricsToken !== undefined) {
    if (!isSecretSource(auth.metricsToken))
      problems.push('auth.metricsToken: use { env: VARIABLE } or { file: PATH }');
    else {
      const resolved = resolveSecret(auth.metricsToken, 'auth.metricsToken', env);
      if ('problem' in resolved) problems.push(resolved.problem);
    }
  }

  const unknown = Object.keys(auth).filter(
    (field) => field !== 'tokens' && field !== 'metricsToken',
  );
  for (const field of unknown)
    problems.push(`auth.${field}: unknown key; expected tokens or metricsToken`);
  return problems;
}

/** Checks `tls`: certificate and key go together; client certificates map to clusters. */
export function validateTls(tls: unknown): string[] {
  if (tls === undefined) return [];
  if (!isRecord(tls)) return ['tls: must be a mapping with certFile and keyFile'];
  const problems: string[] = [];

  if (!tls.certFile || !tls.keyFile)
    problems.push('tls: certFile and keyFile are both required to serve HTTPS');

  const clusters = tls.clientCertClusters;
  if (clusters !== undefined) {
    if (!tls.clientCaFile)
      problems.push('tls.clientCertClusters: needs tls.clientCaFile to verify client certificates');
    if (!isRecord(clusters))
      problems.push(
        'tls.clientCertClusters: must map a certificate common name to { cluster, region }',
      );
    else {
      for (const [commonName, target] of Object.entries(clusters)) {
        if (!isRecord(target) || typeof target.cluster !== 'string' || target.cluster === '') {
          problems.push(
            `tls.clientCertClusters.${commonName}: must be { cluster: NAME, region: NAME }`,
          );
        }
      }
    }
  }
  return problems;
}

/** Checks the outer shape of `outputs`; each output's own keys are checked by the notifiers library. */
export function validateOutputs(outputs: unknown): string[] {
  if (!Array.isArray(outputs))
    return ['outputs: must be a list of outputs, each with name and type'];
  const problems: string[] = [];
  const names = new Set<string>();

  outputs.forEach((output: unknown, index) => {
    if (!isRecord(output)) {
      problems.push(`outputs[${index}]: must be a mapping with name and type`);
      return;
    }
    if (typeof output.name !== 'string' || output.name === '')
      problems.push(`outputs[${index}].name: missing`);
    else if (names.has(output.name))
      problems.push(`outputs[${index}].name: "${output.name}" is used twice; names must be unique`);
    else names.add(output.name);
  });
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
