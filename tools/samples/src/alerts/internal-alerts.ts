import type { FalcoNode } from '../fleet/fleet-instances';
import type { FalcoJsonValue } from '../format/falco-json';
import { formatAlertTime, formatOutputClock } from '../format/falco-time';
import type { SeededRandom } from '../random';
import { pickTime, type TimeWindow } from '../values/source-generator';

const FALCO_VERSION = '0.41.3';
const KERNEL_RELEASE = '6.1.128-136.201.amzn2023.x86_64';

/** An alert Falco raises about itself, with the time used to sort it into the corpus. */
export interface InternalAlert {
  time: bigint;
  json: Record<string, FalcoJsonValue>;
}

/**
 * Builds Falco's messages about itself. They have source `internal`, no
 * tags, and an output without the time and priority prefix of rule alerts.
 */
export function buildInternalAlerts(
  nodes: readonly FalcoNode[],
  random: SeededRandom,
  window: TimeWindow,
): InternalAlert[] {
  return [
    syscallEventDrop(random.pick(nodes), random, window),
    syscallEventDrop(random.pick(nodes), random, window),
    syscallEventDrop(random.pick(nodes), random, window),
    metricsSnapshot(random.pick(nodes), random, window),
    metricsSnapshot(random.pick(nodes), random, window),
    timeoutsNotification(random.pick(nodes), random, window),
    hotRestartFailure(random.pick(nodes), random, window),
  ];
}

function internalAlert(
  node: FalcoNode,
  time: bigint,
  priority: string,
  rule: string,
  output: string,
  outputFields: Record<string, FalcoJsonValue>,
): InternalAlert {
  return {
    time,
    json: {
      hostname: node.hostname,
      output,
      output_fields: outputFields,
      priority,
      rule,
      source: 'internal',
      time: formatAlertTime(time),
    },
  };
}

/** Falco writes every counter of this message as a decimal string. */
function syscallEventDrop(
  node: FalcoNode,
  random: SeededRandom,
  window: TimeWindow,
): InternalAlert {
  const rule = 'Falco internal: syscall event drop';
  const executeDrops = random.integer(200, 2400);
  const openDrops = random.integer(100, 1200);
  const otherDrops = random.integer(0, 300);
  const drops = executeDrops + openDrops + otherDrops;

  return internalAlert(
    node,
    pickTime(random, window),
    'Debug',
    rule,
    `${rule}. ${drops} system calls dropped in last second.`,
    {
      ebpf_enabled: '1',
      n_drops: String(drops),
      n_drops_buffer_clone_fork_exit: '0',
      n_drops_buffer_close_exit: String(otherDrops),
      n_drops_buffer_connect_exit: '0',
      n_drops_buffer_dir_file_exit: '0',
      n_drops_buffer_execve_exit: String(executeDrops),
      n_drops_buffer_open_exit: String(openDrops),
      n_drops_buffer_other_interest_exit: '0',
      n_drops_buffer_proc_exit: '0',
      n_drops_buffer_total: String(drops),
      n_drops_bug: '0',
      n_drops_page_faults: '0',
      n_drops_scratch_map: '0',
      n_evts: String(random.integer(90_000, 400_000)),
    },
  );
}

function metricsSnapshot(node: FalcoNode, random: SeededRandom, window: TimeWindow): InternalAlert {
  const time = pickTime(random, window);
  const uptimeSeconds = random.integer(40_000, 900_000);
  const startedAt = time - BigInt(uptimeSeconds) * 1_000_000_000n;
  const events = random.integer(50_000_000, 900_000_000);
  // At least one drop, because Falco writes a zero ratio as 0.0, which JavaScript numbers cannot express.
  const drops = random.integer(1, 4000);

  return internalAlert(
    node,
    time,
    'Informational',
    'Falco internal: metrics snapshot',
    'Falco metrics snapshot',
    {
      'evt.hostname': node.hostname,
      'evt.source': 'syscall',
      'evt.time': time,
      'falco.duration_sec': uptimeSeconds,
      'falco.evts_rate_sec': random.integer(8_000, 40_000) + 0.5,
      'falco.host_boot_ts': startedAt - 95_000_000_000n,
      'falco.host_num_cpus': 4,
      'falco.kernel_release': KERNEL_RELEASE,
      'falco.num_evts': events,
      'falco.num_evts_prev': events - random.integer(400_000, 2_000_000),
      'falco.outputs_queue_num_drops': 0,
      'falco.reload_ts': startedAt,
      'falco.start_ts': startedAt,
      'falco.version': FALCO_VERSION,
      'scap.engine_name': 'modern_bpf',
      'scap.n_drops': drops,
      'scap.n_drops_perc': Math.round((drops / events) * 1e8) / 1e6,
      'scap.n_evts': events + drops,
    },
  );
}

function timeoutsNotification(
  node: FalcoNode,
  random: SeededRandom,
  window: TimeWindow,
): InternalAlert {
  const rule = 'Falco internal: timeouts notification';
  const time = pickTime(random, window);
  const lastEvent = time - BigInt(random.integer(2, 30)) * 1_000_000_000n;
  return internalAlert(
    node,
    time,
    'Debug',
    rule,
    `${rule}. 1000 consecutive timeouts without event.`,
    {
      last_event_time: formatOutputClock(lastEvent),
    },
  );
}

function hotRestartFailure(
  node: FalcoNode,
  random: SeededRandom,
  window: TimeWindow,
): InternalAlert {
  const rule = 'Falco internal: hot restart failure';
  const reason =
    '/etc/falco/rules.d/acme-overrides.yaml: Invalid rule: unexpected token after "proc.name in (allowed_shells"';
  return internalAlert(node, pickTime(random, window), 'Critical', rule, `${rule}: ${reason}`, {});
}
