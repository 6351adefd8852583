import type { Placement } from '../../catalog/catalog-types';
import { normalizeImageRepository } from '../../resolve/image-repository';
import {
  CLUSTERS,
  IMAGE_REPOSITORIES,
  KUBERNETES_ID,
  KUBERNETES_LABEL_SELECTOR,
  KUBERNETES_NAMESPACE,
  NAMESPACE_DEFAULT,
  WORKLOADS,
  parseLabelSelector,
  splitList,
} from './annotations';
import type { BackstageEntity } from './backstage-entity';

export interface ComponentPlacements {
  placements: Placement[];
  imageRepositories: string[];
  problems: string[];
}

const WORKLOAD_ITEM = /^(?:([A-Za-z]+)\/)?([a-z0-9]([a-z0-9.-]*[a-z0-9])?)$/;

/**
 * Reads where a Component runs from its annotations:
 *
 * - `backstage.io/kubernetes-id: X` places workload X and pods labelled
 *   `backstage.io/kubernetes-id=X`, as the Backstage Kubernetes plugin finds them;
 * - `backstage.io/kubernetes-label-selector` places pods with those labels;
 * - `talaria.io/workloads` lists more workloads as `name` or `Kind/name`;
 * - `talaria.io/namespace-default: "true"` makes the component the owner of
 *   anything else in its namespace;
 * - `backstage.io/kubernetes-namespace` limits all of these to one namespace,
 *   and `talaria.io/clusters` to some clusters (any when absent);
 * - `talaria.io/image-repositories` lists the images the component ships.
 */
export function readComponentPlacements(entity: BackstageEntity): ComponentPlacements {
  const annotations = entity.metadata.annotations;
  const serviceName = entity.metadata.name;
  const problems: string[] = [];
  const namespace = annotations[KUBERNETES_NAMESPACE]?.trim() || undefined;
  const clusters = splitList(annotations[CLUSTERS]);
  const shapes: Array<Pick<Placement, 'workloadKind' | 'workloadName' | 'labelSelector'>> = [];

  const kubernetesId = annotations[KUBERNETES_ID]?.trim();
  if (kubernetesId) {
    shapes.push({ workloadName: kubernetesId });
    shapes.push({ labelSelector: { [KUBERNETES_ID]: kubernetesId } });
  }

  for (const item of splitList(annotations[WORKLOADS])) {
    const match = WORKLOAD_ITEM.exec(item);
    if (match === null) {
      problems.push(
        `${entity.origin}: ${WORKLOADS} item ${JSON.stringify(item)} is not a workload name or Kind/name`,
      );
      continue;
    }
    shapes.push({ workloadKind: match[1], workloadName: match[2] });
  }

  const selectorText = annotations[KUBERNETES_LABEL_SELECTOR];
  if (selectorText !== undefined) {
    const parsed = parseLabelSelector(selectorText);
    if ('problem' in parsed)
      problems.push(`${entity.origin}: ${KUBERNETES_LABEL_SELECTOR}: ${parsed.problem}`);
    else shapes.push({ labelSelector: parsed.selector });
  }

  const namespaceDefault = annotations[NAMESPACE_DEFAULT];
  if (
    namespaceDefault !== undefined &&
    namespaceDefault !== 'true' &&
    namespaceDefault !== 'false'
  ) {
    problems.push(
      `${entity.origin}: ${NAMESPACE_DEFAULT} is ${JSON.stringify(namespaceDefault)}; use "true" or "false"`,
    );
  }
  if (namespaceDefault === 'true') {
    if (namespace === undefined) {
      problems.push(
        `${entity.origin}: ${NAMESPACE_DEFAULT} needs ${KUBERNETES_NAMESPACE} to name the namespace`,
      );
    } else {
      shapes.push({});
    }
  }

  const placements = (clusters.length > 0 ? clusters : [undefined]).flatMap((cluster) =>
    shapes.map((shape) => ({ serviceName, cluster, namespace, ...shape, source: entity.source })),
  );

  const imageRepositories: string[] = [];
  for (const image of splitList(annotations[IMAGE_REPOSITORIES])) {
    const repository = normalizeImageRepository(image);
    if (repository === undefined)
      problems.push(
        `${entity.origin}: ${IMAGE_REPOSITORIES} item ${JSON.stringify(image)} is empty`,
      );
    else if (!imageRepositories.includes(repository)) imageRepositories.push(repository);
  }
  return { placements, imageRepositories, problems };
}
