import { splitImageReference } from '@talaria/falco-event';

const DEFAULT_REGISTRY = 'docker.io';

/**
 * Returns the repository of an image reference in the fully qualified form
 * the container runtime reports: `redis:7` becomes `docker.io/library/redis`,
 * `bitnami/postgresql` becomes `docker.io/bitnami/postgresql`, and the tag and
 * digest are dropped. Returns undefined for an empty reference.
 */
export function normalizeImageRepository(reference: string): string | undefined {
  const repository = splitImageReference(reference.trim()).repository?.toLowerCase();
  if (repository === undefined || repository === '') return undefined;

  const slash = repository.indexOf('/');
  const first = slash === -1 ? '' : repository.slice(0, slash);
  // The first part names a registry only when it looks like a host: a dot, a port, or localhost.
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (hasRegistry) {
    return first === 'index.docker.io'
      ? `${DEFAULT_REGISTRY}${repository.slice(slash)}`
      : repository;
  }
  return slash === -1
    ? `${DEFAULT_REGISTRY}/library/${repository}`
    : `${DEFAULT_REGISTRY}/${repository}`;
}
