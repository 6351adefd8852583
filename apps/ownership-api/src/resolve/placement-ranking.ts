import type { PlacementCandidate } from '../repositories/resolve.repository';

/**
 * Orders placements that match the same query, best first. An earlier
 * workload-name candidate wins, then a larger label selector, then a named
 * cluster over any cluster and a named namespace over any namespace. Ties go
 * to the most recently observed fact, then to the service name, so the order
 * is stable.
 */
export function comparePlacements(left: PlacementCandidate, right: PlacementCandidate): number {
  return (
    left.nameRank - right.nameRank ||
    selectorSize(right) - selectorSize(left) ||
    specific(right.cluster) - specific(left.cluster) ||
    specific(right.namespace) - specific(left.namespace) ||
    right.observedAt.getTime() - left.observedAt.getTime() ||
    left.serviceName.localeCompare(right.serviceName)
  );
}

/** Picks the best placement per query index. */
export function bestPlacements(
  candidates: readonly PlacementCandidate[],
): Map<number, PlacementCandidate[]> {
  const byIndex = new Map<number, PlacementCandidate[]>();
  for (const candidate of candidates)
    byIndex.set(candidate.index, [...(byIndex.get(candidate.index) ?? []), candidate]);
  for (const list of byIndex.values()) list.sort(comparePlacements);
  return byIndex;
}

/**
 * Describes the winning placement, and names other services whose placements
 * are as specific, so a conflict in the catalog shows in every result it affects.
 */
export function describePlacement(ranked: readonly PlacementCandidate[]): string {
  const [best] = ranked;
  const parts: string[] = [];
  if (best.workloadName !== null)
    parts.push(`workload ${best.workloadKind ? `${best.workloadKind}/` : ''}${best.workloadName}`);
  if (best.labelSelector !== null) parts.push(`labels ${formatSelector(best.labelSelector)}`);
  parts.push(best.namespace === null ? 'any namespace' : `namespace ${best.namespace}`);
  parts.push(best.cluster === null ? 'any cluster' : `cluster ${best.cluster}`);

  const rivals = ranked
    .slice(1)
    .filter((other) => other.serviceName !== best.serviceName && tiesWith(best, other))
    .map((other) => other.serviceName);
  const conflict =
    rivals.length > 0
      ? `; also placed for ${[...new Set(rivals)].join(', ')} (newest fact wins)`
      : '';
  return `${parts.join(', ')} (source ${best.source})${conflict}`;
}

function tiesWith(best: PlacementCandidate, other: PlacementCandidate): boolean {
  return (
    best.nameRank === other.nameRank &&
    selectorSize(best) === selectorSize(other) &&
    specific(best.cluster) === specific(other.cluster) &&
    specific(best.namespace) === specific(other.namespace)
  );
}

function selectorSize(candidate: PlacementCandidate): number {
  return candidate.labelSelector === null ? 0 : Object.keys(candidate.labelSelector).length;
}

function specific(value: string | null): number {
  return value === null ? 0 : 1;
}

function formatSelector(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
