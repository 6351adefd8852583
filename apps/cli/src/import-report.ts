import type { ImportKind } from './ownership-import-client';

interface Changes {
  created?: string[];
  updated?: string[];
  unchanged?: number;
}

/** Renders an import report as the few lines a CI log needs: what changed, and any warnings. */
export function formatImportReport(kind: ImportKind, report: Record<string, unknown>): string {
  const lines: string[] = [];
  const changes = (label: string, value: unknown) => {
    const counts = (value ?? {}) as Changes;
    const created = counts.created ?? [];
    const updated = counts.updated ?? [];
    lines.push(
      `${label.padEnd(22)} ${created.length} created, ${updated.length} updated, ${counts.unchanged ?? 0} unchanged`,
    );
    for (const name of created) lines.push(`  + ${name}`);
    for (const name of updated) lines.push(`  ~ ${name}`);
  };
  const additions = (label: string, value: unknown) => {
    const { added = [], removed = [] } = (value ?? {}) as { added?: string[]; removed?: string[] };
    lines.push(`${label.padEnd(22)} ${added.length} added, ${removed.length} removed`);
    for (const item of added) lines.push(`  + ${item}`);
    for (const item of removed) lines.push(`  - ${item}`);
  };

  if (kind === 'backstage') {
    changes('teams', report.teams);
    changes('systems', report.systems);
    changes('services', report.services);
    additions('placements', report.placements);
    additions('image repositories', report.imageRepositories);
  } else if (kind === 'aws-tags') {
    changes('cloud resources', report.resources);
    lines.push(`${'untagged resources'.padEnd(22)} ${String(report.untagged ?? 0)}`);
    const unknown = (report.unknownServices ?? []) as string[];
    if (unknown.length > 0) lines.push(`services not in the catalog yet: ${unknown.join(', ')}`);
  } else {
    changes('vulnerability summaries', report.summaries);
  }

  for (const warning of (report.warnings ?? []) as string[]) lines.push(`warning: ${warning}`);
  for (const ignored of (report.ignored ?? []) as string[]) lines.push(`ignored: ${ignored}`);
  return `${lines.join('\n')}\n`;
}
