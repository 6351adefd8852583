import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  directory: string;
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  /** Client certificates signed by the CA, by common name. */
  client(commonName: string): { cert: Buffer; key: Buffer };
  /** A client certificate signed by a CA the server does not trust. */
  untrustedClient(): { cert: Buffer; key: Buffer };
}

/** Creates a throwaway CA, a server certificate for 127.0.0.1 and client certificates with openssl. */
export function createTestCertificates(): TestCertificates {
  const directory = mkdtempSync(join(tmpdir(), 'talaria-tls-'));
  const path = (name: string) => join(directory, name);
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: directory, stdio: 'pipe' });

  const makeCa = (name: string) => {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      path(`${name}.key`),
      '-out',
      path(`${name}.pem`),
    );
  };
  const sign = (name: string, ca: string, extensions: string) => {
    writeFileSync(path(`${name}.ext`), extensions);
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      path(`${name}.key`),
      '-out',
      path(`${name}.csr`),
    );
    openssl(
      'x509',
      '-req',
      '-in',
      path(`${name}.csr`),
      '-CA',
      path(`${ca}.pem`),
      '-CAkey',
      path(`${ca}.key`),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      path(`${name}.ext`),
      '-out',
      path(`${name}.pem`),
    );
  };

  makeCa('test-ca');
  makeCa('other-ca');
  sign('server', 'test-ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');

  return {
    directory,
    caFile: path('test-ca.pem'),
    serverCertFile: path('server.pem'),
    serverKeyFile: path('server.key'),
    client(commonName) {
      sign(commonName, 'test-ca', 'extendedKeyUsage=clientAuth\n');
      return {
        cert: readFileSync(path(`${commonName}.pem`)),
        key: readFileSync(path(`${commonName}.key`)),
      };
    },
    untrustedClient() {
      sign('intruder', 'other-ca', 'extendedKeyUsage=clientAuth\n');
      return { cert: readFileSync(path('intruder.pem')), key: readFileSync(path('intruder.key')) };
    },
  };
}
