const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Returns the path step for `key`: `.name` for identifiers, `["k8s.ns.name"]` otherwise. */
export function keySuffix(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Joins a parent path and a key; a key at the top level gets no prefix. */
export function fieldPath(parentPath: string, key: string): string {
  if (parentPath === '') return IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`;
  return parentPath + keySuffix(key);
}
