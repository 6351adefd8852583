import { normalizeImageRepository } from './image-repository';

describe('normalizeImageRepository', () => {
  it.each([
    ['redis', 'docker.io/library/redis'],
    ['redis:7.2.4', 'docker.io/library/redis'],
    ['bitnami/postgresql:16.2.0', 'docker.io/bitnami/postgresql'],
    ['docker.io/library/redis', 'docker.io/library/redis'],
    ['index.docker.io/grafana/k6:0.50.0', 'docker.io/grafana/k6'],
    ['ghcr.io/acme/payments-api:1.42.0', 'ghcr.io/acme/payments-api'],
    ['registry:5000/team/api@sha256:abc', 'registry:5000/team/api'],
    ['localhost/api:dev', 'localhost/api'],
    ['GHCR.io/Acme/Payments-API', 'ghcr.io/acme/payments-api'],
  ])('normalises %s', (reference, expected) => {
    expect(normalizeImageRepository(reference)).toBe(expected);
  });

  it('returns undefined for an empty reference', () => {
    expect(normalizeImageRepository('  ')).toBeUndefined();
  });
});
