import type { Placement } from '../catalog/catalog-types';

/**
 * Canonical text of what a placement points at: cluster, namespace, workload
 * name and label selector, with absent parts as `*`. The workload kind is left
 * out, so a deploy event and a catalog file naming the same workload agree.
 */
export function placementKey(placement: Omit<Placement, 'serviceName' | 'source'>): string {
  const selector = placement.labelSelector
    ? Object.entries(placement.labelSelector)
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([key, value]) => `${key}=${value}`)
        .join(',')
    : '*';
  return [
    placement.cluster ?? '*',
    placement.namespace ?? '*',
    placement.workloadName ?? '*',
    selector,
  ].join('|');
}
