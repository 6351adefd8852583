import type { DeadLetterSink } from '@talaria/notifiers';
import {
  FilterFileError,
  FilterReloader,
  formatProblem,
  NoiseConfigError,
  NoiseControl,
  NoiseFilterStage,
  parseNoiseConfig,
  type ReloadResult,
} from '@talaria/noise-filter';
import type { Logger } from '@talaria/telemetry';
import type { Registry } from 'prom-client';
import { ConfigError, type ForwarderConfig } from '../config';

/** Noise control of one forwarder: the filter stage, its reloader and the coalescing of outputs. */
export class ForwarderNoise {
  private constructor(
    readonly control: NoiseControl,
    readonly filterStage: NoiseFilterStage,
    private readonly reloader?: FilterReloader,
  ) {}

  /**
   * Builds the filter stage with the configured filter files loaded, and the
   * coalescing control of the outputs. Invalid filter files or settings stop
   * the start with a ConfigError that lists every problem.
   */
  static async create(
    config: ForwarderConfig,
    dependencies: { logger: Logger; registry: Registry; deadLetter: DeadLetterSink },
  ): Promise<ForwarderNoise> {
    let noiseConfig;
    try {
      noiseConfig = parseNoiseConfig(config.noise, 'noise');
    } catch (error) {
      if (error instanceof NoiseConfigError) throw new ConfigError(error.issues, { cause: error });
      throw error;
    }

    const control = NoiseControl.create(noiseConfig, dependencies);
    const filterStage = new NoiseFilterStage({
      dryRun: noiseConfig.dryRun,
      suppressedOutput: control.suppressedOutput,
      afterEnrichment: true,
      registry: dependencies.registry,
      logger: dependencies.logger,
    });
    if (config.filters.length === 0) return new ForwarderNoise(control, filterStage);

    const reloader = new FilterReloader({
      paths: config.filters,
      stage: filterStage,
      registry: dependencies.registry,
      logger: dependencies.logger,
    });
    try {
      await reloader.loadInitial();
    } catch (error) {
      await control.close();
      if (error instanceof FilterFileError)
        throw new ConfigError(error.problems.map(formatProblem), { cause: error });
      throw error;
    }
    reloader.watchFiles();
    return new ForwarderNoise(control, filterStage, reloader);
  }

  /** Reloads the filter files; invalid files are rejected and the previous filters stay. */
  reloadFilters(trigger: 'signal' | 'request' = 'request'): Promise<ReloadResult> {
    if (this.reloader === undefined) {
      return Promise.resolve({ result: 'unchanged', filters: this.filterStage.filters.size });
    }
    return this.reloader.reload(trigger);
  }

  /** Throws a ConfigError naming each entry under `noise.outputs` that matches no output. */
  checkOutputNames(outputNames: readonly string[]): void {
    const unknown = this.control.unknownOutputNames(outputNames);
    if (unknown.length > 0) {
      throw new ConfigError(
        unknown.map(
          (name) =>
            `noise.outputs.${name}: no output is named "${name}"; use one of ${outputNames.join(', ') || '(none)'}`,
        ),
      );
    }
  }

  /** Stops watching filter files and drains the suppressed-events output until `deadlineMs`. */
  async drain(deadlineMs: number): Promise<void> {
    this.reloader?.close();
    await this.control.suppressedOutput?.drain(deadlineMs);
  }

  /** Closes the suppressed-events output and the coalescing store's connection. */
  async close(): Promise<void> {
    this.reloader?.close();
    await this.control.suppressedOutput?.close();
    await this.control.close();
  }
}
