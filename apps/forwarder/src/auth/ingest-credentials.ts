import { createHash, randomBytes } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { ForwarderConfig } from '../config';
import { resolveSecret } from '../config';

/** The sender of a request, and the cluster and region its alerts are stamped with. */
export interface Credential {
  name: string;
  cluster: string;
  region: string;
}

/**
 * Authenticates requests by mutual TLS, a token in the URL (Falco cannot send
 * headers) or a bearer token. Tokens are kept only as SHA-256 digests and
 * looked up by digest, so comparing them leaks no timing about the secret.
 */
export class IngestCredentials {
  private readonly byDigest = new Map<string, Credential>();
  private readonly metricsDigests = new Set<string>();
  private readonly clientCertClusters: NonNullable<ForwarderConfig['tls']>['clientCertClusters'];
  private readonly mutualTls: boolean;
  private readonly defaults: Credential;
  /** Set when no credential was configured and one was generated for this run. */
  readonly generatedToken?: string;

  constructor(config: ForwarderConfig, env: NodeJS.ProcessEnv = process.env) {
    this.defaults = { name: 'client-certificate', cluster: config.cluster, region: config.region };
    this.mutualTls = Boolean(config.tls?.clientCaFile);
    this.clientCertClusters = config.tls?.clientCertClusters;

    for (const token of config.auth.tokens) {
      const resolved = resolveSecret(token.token, `auth.tokens.${token.name}`, env);
      if ('problem' in resolved) throw new Error(resolved.problem);
      this.byDigest.set(digest(resolved.secret), {
        name: token.name,
        cluster: token.cluster ?? config.cluster,
        region: token.region ?? config.region,
      });
    }

    if (config.auth.metricsToken) {
      const resolved = resolveSecret(config.auth.metricsToken, 'auth.metricsToken', env);
      if ('problem' in resolved) throw new Error(resolved.problem);
      this.metricsDigests.add(digest(resolved.secret));
    }

    if (this.byDigest.size === 0 && !this.mutualTls) {
      // Never run open: with nothing configured, a random token guards this run.
      this.generatedToken = randomBytes(24).toString('base64url');
      this.byDigest.set(digest(this.generatedToken), { ...this.defaults, name: 'generated' });
    }
  }

  /** Returns the credential for an ingest request, or undefined when it presents none that is valid. */
  authenticate(request: {
    socket: unknown;
    urlToken?: string;
    authorization?: string;
  }): Credential | undefined {
    const fromCertificate = this.fromClientCertificate(request.socket);
    if (fromCertificate) return fromCertificate;

    const token = request.urlToken ?? bearerToken(request.authorization);
    return token === undefined ? undefined : this.byDigest.get(digest(token));
  }

  /** Metrics scrapers present the metrics token or any ingest token as a bearer token. */
  authenticateMetrics(authorization: string | undefined): boolean {
    const token = bearerToken(authorization);
    if (token === undefined) return false;
    const tokenDigest = digest(token);
    return this.metricsDigests.has(tokenDigest) || this.byDigest.has(tokenDigest);
  }

  private fromClientCertificate(socket: unknown): Credential | undefined {
    if (!this.mutualTls) return undefined;
    const tlsSocket = socket as TLSSocket;
    if (!tlsSocket.authorized) return undefined;

    const commonName = tlsSocket.getPeerCertificate().subject?.CN;
    const name = Array.isArray(commonName) ? commonName[0] : commonName;
    const mapped = name ? this.clientCertClusters?.[name] : undefined;
    if (!mapped) return { ...this.defaults, name: name ?? this.defaults.name };
    return {
      name: name as string,
      cluster: mapped.cluster,
      region: mapped.region ?? this.defaults.region,
    };
  }
}

function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? match[1] : undefined;
}

function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
