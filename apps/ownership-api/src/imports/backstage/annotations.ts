/** Annotations the Backstage Kubernetes plugin defines. */
export const KUBERNETES_ID = 'backstage.io/kubernetes-id';
export const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';
export const KUBERNETES_LABEL_SELECTOR = 'backstage.io/kubernetes-label-selector';
export const SOURCE_LOCATION = 'backstage.io/source-location';
export const GITHUB_PROJECT_SLUG = 'github.com/project-slug';

/** Slack annotations, first match wins. */
export const SLACK_CHANNEL = ['talaria.io/slack-channel', 'slack.com/channel'];
export const SLACK_USER_ID = ['talaria.io/slack-user-id', 'slack.com/user-id'];

/** Annotations Talaria reads for facts Backstage has no standard field for. */
export const ESCALATION = 'talaria.io/escalation';
export const CRITICALITY = 'talaria.io/criticality';
export const LANGUAGE = 'talaria.io/language';
export const LIBRARIES = 'talaria.io/libraries';
export const WORKLOADS = 'talaria.io/workloads';
export const CLUSTERS = 'talaria.io/clusters';
export const IMAGE_REPOSITORIES = 'talaria.io/image-repositories';
export const NAMESPACE_DEFAULT = 'talaria.io/namespace-default';

/** Splits a comma- or whitespace-separated annotation into its items. */
export function splitList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Parses an equality-based label selector (`app=api,tier=web`, `==` also
 * accepted). Set-based selectors (`in`, `notin`, `!=`, bare keys) cannot be
 * stored as a label map, so they return a problem instead.
 */
export function parseLabelSelector(
  text: string,
): { selector: Record<string, string> } | { problem: string } {
  const selector: Record<string, string> = {};
  for (const term of text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const match = /^([\w./-]+)\s*==?\s*([\w.-]*)$/.exec(term);
    if (match === null) {
      return {
        problem: `label selector term ${JSON.stringify(term)} is not key=value; only equality selectors are supported`,
      };
    }
    selector[match[1]] = match[2];
  }
  if (Object.keys(selector).length === 0)
    return { problem: `label selector ${JSON.stringify(text)} is empty` };
  return { selector };
}

/** Reads `owner/repo` or a source-location URL into a repository URL. */
export function repositoryFrom(annotations: Record<string, string>): string | undefined {
  const slug = annotations[GITHUB_PROJECT_SLUG];
  if (slug !== undefined && /^[\w.-]+\/[\w.-]+$/.test(slug)) return `https://github.com/${slug}`;

  const location = annotations[SOURCE_LOCATION];
  if (location === undefined) return undefined;
  return location
    .replace(/^url:/, '')
    .replace(/\/tree\/[^/]+\/?$/, '')
    .replace(/\/$/, '');
}

export function firstAnnotation(
  annotations: Record<string, string>,
  names: readonly string[],
): string | undefined {
  for (const name of names) {
    const value = annotations[name];
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}
