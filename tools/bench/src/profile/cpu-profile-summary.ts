import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** The parts of a V8 .cpuprofile file (as written by node --cpu-prof) that the summary reads. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }>;
}

export interface ProfileShare {
  name: string;
  /** Share of the samples in which the process was not idle, in percent. */
  percent: number;
}

export interface ProfileSummary {
  file: string;
  /** Share of all samples in which the process was idle, in percent. */
  idlePercent: number;
  /** Functions by self time. */
  topFunctions: ProfileShare[];
  /** Self time grouped by package, workspace project or Node core module. */
  topAreas: ProfileShare[];
}

/** Summarises every .cpuprofile file in `directory`, oldest name first. */
export async function summariseCpuProfiles(
  directory: string,
  top: number,
): Promise<ProfileSummary[]> {
  const files = (await readdir(directory)).filter((name) => name.endsWith('.cpuprofile')).sort();
  const summaries: ProfileSummary[] = [];
  for (const name of files) {
    const profile = JSON.parse(await readFile(join(directory, name), 'utf8')) as CpuProfile;
    summaries.push(summariseCpuProfile(profile, join(directory, name), top));
  }
  return summaries;
}

/** Adds up self samples by function and by area, leaving out idle time. */
export function summariseCpuProfile(
  profile: CpuProfile,
  file: string,
  top: number,
): ProfileSummary {
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let idle = 0;
  let busy = 0;

  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;

    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += hits;
      continue;
    }

    busy += hits;
    const name = functionName === '' ? '(anonymous)' : functionName;
    const location = url === '' ? '' : ` ${shortenUrl(url)}:${lineNumber + 1}`;
    addTo(byFunction, `${name}${location}`, hits);
    addTo(byArea, areaOf(name, url), hits);
  }

  const total = idle + busy;
  return {
    file,
    idlePercent: total > 0 ? (idle / total) * 100 : 0,
    topFunctions: topShares(byFunction, busy, top),
    topAreas: topShares(byArea, busy, top),
  };
}

function addTo(totals: Map<string, number>, key: string, hits: number): void {
  totals.set(key, (totals.get(key) ?? 0) + hits);
}

function topShares(totals: Map<string, number>, busy: number, top: number): ProfileShare[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, hits]) => ({ name, percent: busy > 0 ? (hits / busy) * 100 : 0 }));
}

/** Names the package, workspace project or Node core module that a function belongs to. */
export function areaOf(functionName: string, url: string): string {
  if (url === '') {
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  if (url.startsWith('node:')) {
    return url.split('/').slice(0, 2).join('/');
  }

  const path = url.replace(/^file:\/\//, '');
  const packageMatch = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (packageMatch) return packageMatch[1];

  const projectMatch = /\/(?:libs|apps|tools)\/([^/]+)\//.exec(path);
  if (projectMatch) return `@talaria/${projectMatch[1]}`;

  return basename(path);
}

function shortenUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const packageIndex = path.lastIndexOf('/node_modules/');
  if (packageIndex !== -1) return path.slice(packageIndex + '/node_modules/'.length);

  const projectMatch = /\/((?:libs|apps|tools)\/.+)$/.exec(path);
  return projectMatch ? projectMatch[1] : path;
}
