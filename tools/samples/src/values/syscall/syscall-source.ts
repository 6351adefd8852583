import type { PodContainer } from '../../fleet/fleet-types';
import type { SeededRandom } from '../../random';
import type { FalcoRule } from '../../rules/falco-rule';
import { pickTime, type SourceGenerator, type TimeWindow } from '../source-generator';
import type { Scenario, SyscallContext } from './syscall-activity';
import { syscallFieldValue } from './syscall-fields';
import { chooseScenario, preferredWorkloads } from './syscall-scenarios';

/**
 * Fields Falco appends to every syscall rule output, in this order, because
 * its container plugin marks them as suggested output and Falco's default
 * configuration turns suggested output on.
 */
const CONTAINER_PLUGIN_SUGGESTED_FIELDS = [
  'container.id',
  'container.name',
  'container.image.repository',
  'container.image.tag',
  'k8s.pod.name',
  'k8s.ns.name',
].map((field) => ({ key: field.replace(/\./g, '_'), field }));

/** Share of alerts placed in a container when a rule's tags allow both a container and the node. */
const CONTAINER_SHARE = 0.8;

export const syscallSource: SourceGenerator = {
  appendedFields: CONTAINER_PLUGIN_SUGGESTED_FIELDS,

  draft({ rule, fields, random, fleet, window }) {
    const scenario = chooseScenario(rule);
    const pod = placeInContainer(rule, scenario, random)
      ? pickPod(fleet.pods, preferredWorkloads(scenario), random)
      : undefined;
    const falcoNode = pod ? { hostname: pod.node, cluster: pod.cluster } : random.pick(fleet.nodes);

    const time = pickTime(random, pod ? podWindow(pod, window) : window);
    const context: SyscallContext = { random, node: falcoNode.hostname, pod, time };
    const activity = scenario.build(context);

    const values = new Map(
      fields.map((field) => [field, syscallFieldValue(field, activity, context) ?? null]),
    );
    return { hostname: falcoNode.hostname, cluster: falcoNode.cluster, time, values };
  },
};

function placeInContainer(rule: FalcoRule, scenario: Scenario, random: SeededRandom): boolean {
  if (scenario.placement) return scenario.placement === 'container';

  const container = rule.tags.includes('container');
  const host = rule.tags.includes('host');
  if (container && !host) return true;
  if (host && !container) return false;
  return random.chance(CONTAINER_SHARE);
}

function pickPod(
  pods: readonly PodContainer[],
  preferred: RegExp | undefined,
  random: SeededRandom,
): PodContainer {
  const candidates = preferred ? pods.filter((pod) => preferred.test(pod.workload.name)) : [];
  return random.pick(candidates.length > 0 ? candidates : pods);
}

/** Narrows the window to the pod's lifetime, for pods such as CronJob runs that live briefly. */
function podWindow(pod: PodContainer, window: TimeWindow): TimeWindow {
  const start = pod.startedAt > window.start ? pod.startedAt : window.start;
  const end =
    pod.activeUntil !== undefined && pod.activeUntil < window.end ? pod.activeUntil : window.end;
  return start < end ? { start, end } : window;
}
