import { watch, type FSWatcher } from 'node:fs';
import { dirname, resolve } from 'node:path';

import type { Logger } from '@talaria/telemetry';
import type { Registry } from 'prom-client';

import { FilterFileError, formatProblem } from '../language/filter-problems';
import { compileFilterSources, readFilterSources, type FilterSource } from './load-filter-files';
import type { NoiseFilterStage } from './noise-filter-stage';
import { noiseFilterMetricsFor, type NoiseFilterMetrics } from './noise-filter-metrics';

export type ReloadResult =
  | { result: 'applied'; filters: number }
  | { result: 'unchanged'; filters: number }
  | { result: 'rejected'; problems: string[] };

export interface FilterReloaderOptions {
  paths: readonly string[];
  stage: NoiseFilterStage;
  registry: Registry;
  logger: Logger;
  /** Wait in ms after the last file change before reloading, so an editor's several writes count once. Default 250. */
  debounceMs?: number;
}

/**
 * Reloads filter files into a stage on request (SIGHUP) or when a file
 * changes. A set that fails validation is rejected with its problems and the
 * previous set stays in effect. The folders of the files are watched, not the
 * files, so that editors that replace a file and Kubernetes ConfigMap updates
 * (a symlink swap) are both seen. A reload whose file texts did not change is
 * skipped.
 */
export class FilterReloader {
  private readonly paths: readonly string[];
  private readonly stage: NoiseFilterStage;
  private readonly metrics: NoiseFilterMetrics;
  private readonly logger: Logger;
  private readonly debounceMs: number;
  private readonly watchers: FSWatcher[] = [];
  private loadedTexts?: string[];
  private debounceTimer?: NodeJS.Timeout;
  private running?: Promise<ReloadResult>;
  private rerun = false;

  constructor(options: FilterReloaderOptions) {
    this.paths = options.paths;
    this.stage = options.stage;
    this.metrics = noiseFilterMetricsFor(options.registry);
    this.logger = options.logger;
    this.debounceMs = options.debounceMs ?? 250;
  }

  /** Loads the files for the first time; throws FilterFileError when they are invalid. */
  async loadInitial(): Promise<void> {
    const sources = await readFilterSources(this.paths);
    this.stage.replace(compileFilterSources(sources));
    this.loadedTexts = sources.map((source) => source.text);
    this.logger.info(
      { files: this.paths, filters: this.stage.filters.size },
      'filter files loaded',
    );
  }

  /** Starts watching the folders of the filter files for changes. */
  watchFiles(): void {
    const folders = new Set(this.paths.map((path) => dirname(resolve(path))));
    for (const folder of folders) {
      const watcher = watch(folder, { persistent: false }, () => this.scheduleReload());
      watcher.on('error', (error) => {
        this.logger.error(
          { err: error, folder },
          'watching filter files failed; reload them with SIGHUP',
        );
      });
      this.watchers.push(watcher);
    }
  }

  /**
   * Reloads the files and applies them when valid. Concurrent calls share the
   * running reload, and one more runs after it so the last change is seen.
   */
  reload(trigger: 'signal' | 'file_change' | 'request' = 'request'): Promise<ReloadResult> {
    if (this.running !== undefined) {
      this.rerun = true;
      return this.running;
    }

    this.running = this.reloadOnce(trigger).finally(() => {
      this.running = undefined;
      if (this.rerun) {
        this.rerun = false;
        void this.reload(trigger);
      }
    });
    return this.running;
  }

  /** Stops watching; a pending reload is dropped. */
  close(): void {
    clearTimeout(this.debounceTimer);
    for (const watcher of this.watchers) watcher.close();
    this.watchers.length = 0;
  }

  private scheduleReload(): void {
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => void this.reload('file_change'), this.debounceMs);
    this.debounceTimer.unref();
  }

  private async reloadOnce(trigger: string): Promise<ReloadResult> {
    let sources: FilterSource[];
    try {
      sources = await readFilterSources(this.paths);
    } catch (error) {
      return this.reject(trigger, error);
    }

    const texts = sources.map((source) => source.text);
    if (
      this.loadedTexts !== undefined &&
      texts.every((text, index) => text === this.loadedTexts?.[index])
    ) {
      this.metrics.reloads.inc({ result: 'unchanged' });
      return { result: 'unchanged', filters: this.stage.filters.size };
    }

    try {
      this.stage.replace(compileFilterSources(sources));
    } catch (error) {
      return this.reject(trigger, error);
    }

    this.loadedTexts = texts;
    this.metrics.reloads.inc({ result: 'applied' });
    this.logger.info(
      { trigger, files: this.paths, filters: this.stage.filters.size },
      'filter files reloaded',
    );
    return { result: 'applied', filters: this.stage.filters.size };
  }

  private reject(trigger: string, error: unknown): ReloadResult {
    if (!(error instanceof FilterFileError)) throw error;

    const problems = error.problems.map(formatProblem);
    this.metrics.reloads.inc({ result: 'rejected' });
    this.logger.error(
      { trigger, files: this.paths, problems, activeFilters: this.stage.filters.size },
      'filter files are invalid; the previous filters stay in effect',
    );
    return { result: 'rejected', problems };
  }
}
