/** Parts of a container image reference such as `registry:5000/team/api:1.4@sha256:...`. */
export interface ImageReference {
  repository?: string;
  tag?: string;
  digest?: string;
}

/**
 * Splits an image reference into repository, tag and digest. The tag is the
 * text after the last colon only when that colon follows the last slash, so a
 * registry port (`registry:5000/api`) stays part of the repository.
 */
export function splitImageReference(reference: string): ImageReference {
  const at = reference.indexOf('@');
  const name = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? '' : reference.slice(at + 1);

  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  const repository = hasTag ? name.slice(0, colon) : name;
  const tag = hasTag ? name.slice(colon + 1) : '';

  const parts: ImageReference = {};
  if (repository !== '') parts.repository = repository;
  if (tag !== '') parts.tag = tag;
  if (digest !== '') parts.digest = digest;
  return parts;
}
