import { openIntegrationTestDatabase } from './support/test-database';
import { readCatalogFolder, readSampleReport, SAMPLE_CATALOG, startTestApi } from './support/test-api';
it('smoke', async () => {
  const db = await openIntegrationTestDatabase();
  const api = await startTestApi(db);
  const r = await api.call('POST', '/v1/imports/backstage', { files: readCatalogFolder(SAMPLE_CATALOG) });
  console.log(JSON.stringify(r, null, 1).slice(0, 3000));
  const r2 = await api.call('POST', '/v1/imports/backstage', { files: readCatalogFolder(SAMPLE_CATALOG) });
  console.log(JSON.stringify(r2.body));
  console.log(JSON.stringify((await api.call('POST', '/v1/imports/aws-tags', { source: 'aws-resources.json', report: readSampleReport('aws-resources.json') })).body));
  console.log(JSON.stringify((await api.call('POST', '/v1/imports/snyk', { source: 'snyk.json', report: readSampleReport('snyk-payments-api.json') })).body));
  console.log(JSON.stringify((await api.call('POST', '/v1/imports/trivy', { source: 'trivy.json', report: readSampleReport('trivy-checkout-web.json') })).body));
  const res = await api.call('POST', '/v1/resolve', { identities: [
    { cluster: 'c', namespace: 'payments', pod: 'payments-api-lsn8vgzbk-crzhm', image: 'ghcr.io/acme/payments-api:1.42.0' },
    { cluster: 'c', namespace: 'checkout', pod: 'checkout-web-87qpn8vzfj-6j969', image: 'ghcr.io/acme/checkout-web:3.8.2' },
    { cluster: 'c', namespace: 'loadtest', pod: 'locust-master-x6bxxvg57-ztcsn' },
    { roleArn: 'arn:aws:sts::111122223333:assumed-role/GitHubActionsDeploy/gha-payments-api-8123456789' },
    { cluster: 'c', namespace: 'nowhere', pod: 'x-1', image: 'redis' },
    { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } },
  ]});
  console.log(JSON.stringify(res, null, 1).slice(0, 6000));
  await api.stop();
  await db.dispose();
}, 60000);
