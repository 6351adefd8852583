import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { syscallAlert } from './support/alerts';
import { createTestCertificates } from './support/test-certificates';
import { eventually, startTestForwarder, type TestForwarder } from './support/test-forwarder';

interface Reply {
  status: number;
  body: string;
}

// Real HTTPS with client certificates made by openssl, as Falco's http_output sends with mtls: true.
describe('forwarder with mutual TLS', () => {
  const certificates = createTestCertificates();
  let forwarder: TestForwarder;

  function post(
    path: string,
    client?: { cert: Buffer; key: Buffer },
    body = syscallAlert(),
  ): Promise<Reply> {
    const url = new URL(path, forwarder.url);
    return new Promise((resolve, reject) => {
      const outgoing = request(
        url,
        {
          method: 'POST',
          ca: readFileSync(certificates.caFile),
          cert: client?.cert,
          key: client?.key,
          headers: { 'content-type': 'application/json' },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  beforeAll(async () => {
    forwarder = await startTestForwarder((config) => {
      config.tls = {
        certFile: certificates.serverCertFile,
        keyFile: certificates.serverKeyFile,
        clientCaFile: certificates.caFile,
        clientCertClusters: { 'falco-prod-us': { cluster: 'prod-us-east-1', region: 'us-east-1' } },
      };
      config.auth.tokens = [];
    });
  });

  afterAll(async () => {
    await forwarder.stop();
  });

  it('accepts a client certificate signed by the configured CA', async () => {
    const reply = await post(
      '/',
      certificates.client('falco-prod-eu'),
      syscallAlert({ pod: 'mtls-default-pod' }),
    );

    expect(reply.status).toBe(200);
    await eventually(
      () => forwarder.readOutput().some((line) => line.includes('mtls-default-pod')),
      'mTLS alert written',
    );
    const finding = JSON.parse(
      forwarder.readOutput().find((line) => line.includes('mtls-default-pod')) as string,
    );
    expect(finding.cluster).toBe('prod-eu-1');
  });

  it('stamps the cluster mapped to the certificate common name', async () => {
    const reply = await post(
      '/',
      certificates.client('falco-prod-us'),
      syscallAlert({ pod: 'mtls-mapped-pod' }),
    );

    expect(reply.status).toBe(200);
    await eventually(
      () => forwarder.readOutput().some((line) => line.includes('mtls-mapped-pod')),
      'mapped alert written',
    );
    const finding = JSON.parse(
      forwarder.readOutput().find((line) => line.includes('mtls-mapped-pod')) as string,
    );
    expect(finding.cluster).toBe('prod-us-east-1');
    expect(finding.region).toBe('us-east-1');
  });

  it('rejects requests without a certificate or with an untrusted one', async () => {
    const anonymous = await post('/');
    const untrusted = await post('/', certificates.untrustedClient());

    expect(anonymous.status).toBe(401);
    expect(untrusted.status).toBe(401);
  });

  it('keeps health open to probes without a certificate', async () => {
    const reply = await new Promise<number>((resolve, reject) => {
      request(
        new URL('/healthz', forwarder.url),
        { ca: readFileSync(certificates.caFile) },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });

    expect(reply).toBe(200);
  });
});
