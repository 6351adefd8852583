/** A Backstage entity reference such as `group:default/payments-team`. */
export interface EntityRef {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Parses `[kind:][namespace/]name`, filling in the kind the field implies
 * (`spec.owner` implies group) and the `default` namespace. Kinds are compared
 * in lower case, as Backstage does.
 */
export function parseEntityRef(text: string, defaultKind: string): EntityRef | undefined {
  const match = /^(?:([A-Za-z][\w-]*):)?(?:([\w.-]+)\/)?([\w.-]+)$/.exec(text.trim());
  if (match === null) return undefined;
  return {
    kind: (match[1] ?? defaultKind).toLowerCase(),
    namespace: match[2] ?? 'default',
    name: match[3],
  };
}

export function formatEntityRef(ref: EntityRef): string {
  return `${ref.kind}:${ref.namespace}/${ref.name}`;
}
