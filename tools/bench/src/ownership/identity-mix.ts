import type { CatalogSize } from './catalog-generator';

export interface BenchIdentity {
  cluster?: string;
  namespace?: string;
  pod?: string;
  labels?: Record<string, string>;
  image?: string;
  roleArn?: string;
}

/**
 * Builds one resolve batch with a fixed mix, drawn with `random`: 60% pods
 * of placed workloads, 10% pods found by label, 10% by namespace default,
 * 10% by image, 5% by IAM role and 5% that match nothing.
 */
export function identityBatch(
  size: CatalogSize,
  count: number,
  random: () => number,
): BenchIdentity[] {
  return Array.from({ length: count }, () => {
    const service = Math.floor(random() * size.services);
    const placement = Math.floor(random() * 8);
    const cluster = `cluster-${(service + placement) % size.clusters}`;
    const namespace = `ns-${service % 500}`;
    const draw = random();

    if (draw < 0.6)
      return { cluster, namespace, pod: `svc-${service}-w${placement}-7d9f8c6b5-x2k4q` };
    if (draw < 0.7)
      return { cluster, namespace, pod: `worker-${service}-0`, labels: { app: `svc-${service}` } };
    if (draw < 0.8) return { cluster, namespace, pod: `adhoc-${service}` };
    if (draw < 0.9)
      return {
        cluster,
        namespace: 'unplaced',
        pod: 'job-1',
        image: `registry.example/acme/svc-${service}:1.0.0`,
      };
    if (draw < 0.95) {
      const account = String(100000000000 + (service % 50)).padStart(12, '0');
      return { roleArn: `arn:aws:iam::${account}:role/svc-${service}` };
    }
    return { cluster, namespace: 'unplaced', pod: `stray-${service}` };
  });
}

/** A small seeded generator (mulberry32), so runs draw the same identities. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
