/** Falco priorities from most to least severe, spelled as Falco writes them in alerts. */
export const FALCO_PRIORITIES = [
  'Emergency',
  'Alert',
  'Critical',
  'Error',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
] as const;

export type FalcoPriority = (typeof FALCO_PRIORITIES)[number];

/**
 * Returns the priority as Falco writes it in alerts, or undefined when Falco
 * would reject the name. Like Falco, matching ignores case and takes `info`
 * for Informational.
 */
export function canonicalPriority(declared: string): FalcoPriority | undefined {
  const lower = declared.trim().toLowerCase();
  if (lower === 'info') return 'Informational';
  return FALCO_PRIORITIES.find((priority) => priority.toLowerCase() === lower);
}
