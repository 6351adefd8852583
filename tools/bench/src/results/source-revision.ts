import { execFileSync } from 'node:child_process';

/**
 * State of the source tree at the start of a run. The measured dist/ build
 * may be older than the tree, so this identifies the code only when it was rebuilt.
 */
export interface SourceRevision {
  commit: string;
  /** True when the working tree differed from the commit, so the build may include other changes. */
  uncommittedChanges: boolean;
}

/** Reads the checkout's revision, or returns undefined outside a git checkout or without git. */
export function readSourceRevision(repositoryRoot: string): SourceRevision | undefined {
  try {
    const git = (args: string[]) =>
      execFileSync('git', args, {
        cwd: repositoryRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    return {
      commit: git(['rev-parse', 'HEAD']).trim(),
      uncommittedChanges: git(['status', '--porcelain']).trim() !== '',
    };
  } catch {
    return undefined;
  }
}
