import type { RmqRecord } from '@nestjs/microservices';
import { FINDING_SCHEMA, type Finding } from '@talaria/falco-event';

import { microservicesLibrary } from '../client-libraries';

/** Pattern of every finding event in queue mode, for consumers' `@EventPattern`. */
export const FINDING_EVENT_PATTERN = 'talaria.finding';

/**
 * Wraps a finding in an RMQ record with the message properties consumers
 * rely on: persistent delivery, JSON content, the finding id as message id
 * (so duplicates after a replay can be dropped) and the schema as type.
 * `mandatory` makes the broker return the message when no queue is bound.
 */
export function buildFindingRecord(
  finding: Finding,
  options: { mandatory: boolean; nowMs?: number },
): RmqRecord<Finding> {
  return new (microservicesLibrary().RmqRecordBuilder)(finding)
    .setOptions({
      persistent: true,
      mandatory: options.mandatory,
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      messageId: finding.id,
      type: FINDING_SCHEMA,
      appId: 'talaria',
      timestamp: Math.floor((options.nowMs ?? Date.now()) / 1000),
      headers: { 'x-talaria-schema': FINDING_SCHEMA },
    })
    .build();
}
