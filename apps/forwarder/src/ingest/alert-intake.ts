import { parseAlert, stringifyJson, newFindingId, type ParsedAlert } from '@talaria/falco-event';
import type { Spool, SpoolInput } from '@talaria/spool';
import type { Logger } from '@talaria/telemetry';
import type { Credential } from '../auth/ingest-credentials';
import type { IngestMetrics } from './ingest-metrics';
import type { AlertSource } from './split-alerts';
import { spoolEnvelope, type SpooledAlert } from './spool-envelope';

export interface RejectedAlert {
  index: number;
  reason: string;
  problems: Array<{ path: string; message: string }>;
}

export interface IntakeReport {
  accepted: number;
  rejected: RejectedAlert[];
  /** Valid alerts that could not be kept because the spool is full or failing. */
  dropped: number;
}

/**
 * Validates the alerts of one request and writes the valid ones to the spool.
 * It resolves only after the spool has them, so a 200 reply means the alerts
 * survive a restart.
 */
export class AlertIntake {
  constructor(
    private readonly spool: Spool,
    private readonly metrics: IngestMetrics,
    private readonly logger: Logger,
  ) {}

  async accept(sources: AlertSource[], credential: Credential): Promise<IntakeReport> {
    const receivedAt = Date.now();
    const inputs: SpoolInput[] = [];
    const rejected: RejectedAlert[] = [];
    this.metrics.received.inc(sources.length);

    sources.forEach((source, index) => {
      const parsed = parseAlert('text' in source ? source.text : source.value);
      if (!parsed.ok) {
        const reason = parsed.reason;
        this.metrics.rejectedAlerts.inc({ reason });
        rejected.push({ index, reason, problems: parsed.problems });
        return;
      }

      const alertText = 'text' in source ? source.text : stringifyJson(source.value);
      const attachment: SpooledAlert = {
        parsed,
        cluster: credential.cluster,
        region: credential.region,
      };
      inputs.push({
        id: newFindingId(),
        receivedAt,
        body: spoolEnvelope(credential, alertText),
        attachment,
      });
    });

    const dropped = inputs.length === 0 ? 0 : await this.writeToSpool(inputs, credential);
    return { accepted: inputs.length - dropped, rejected, dropped };
  }

  private async writeToSpool(inputs: SpoolInput[], credential: Credential): Promise<number> {
    try {
      const result = await this.spool.append(inputs);
      const dropped = result.rejected.length;
      this.metrics.accepted.inc(inputs.length - dropped);
      if (dropped === 0) return 0;

      for (const rejected of result.rejected) this.metrics.dropped.inc({ reason: rejected.reason });
      this.logger.error(
        {
          credential: credential.name,
          dropped,
          reasons: [...new Set(result.rejected.map((input) => input.reason))],
          ids: result.rejected.slice(0, 20).map((input) => input.id),
        },
        'spool is full; alerts were dropped',
      );
      return dropped;
    } catch (error) {
      this.metrics.dropped.inc({ reason: 'spool_error' }, inputs.length);
      this.logger.error(
        { err: error, credential: credential.name, ids: inputs.map((input) => input.id) },
        'writing alerts to the spool failed; alerts were dropped',
      );
      return inputs.length;
    }
  }
}

export type { ParsedAlert };
