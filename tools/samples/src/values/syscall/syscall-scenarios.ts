import type { FalcoRule } from '../../rules/falco-rule';
import { FILE_SCENARIOS } from './file-scenarios';
import { NETWORK_SCENARIOS } from './network-scenarios';
import { PROCESS_SCENARIOS } from './process-scenarios';
import {
  interactive,
  mainProcess,
  outbound,
  externalAddress,
  proc,
  sh,
  spawned,
  type Scenario,
} from './syscall-activity';

/**
 * Scenarios in match order. Network scenarios come first so that a rule
 * about miner pool ports gets a connection rather than a miner process.
 */
const SCENARIOS: Scenario[] = [...NETWORK_SCENARIOS, ...FILE_SCENARIOS, ...PROCESS_SCENARIOS];

/** Workloads on which a scenario is most plausible, tested against the workload name. */
const PREFERRED_WORKLOADS: Record<string, RegExp> = {
  'shell-from-application': /ingress|payments-db|checkout-web/,
  'web-server-child': /ingress/,
  'reverse-shell': /ingress|checkout-web/,
  'directory-traversal': /checkout-web|ingress/,
  'java-class-download': /payments-api/,
  'container-launch': /aws-node/,
  'drop-and-execute': /checkout-web|payments-api|locust/,
  'npm-install-network-tool': /checkout-web/,
  'outside-subnet': /payments-api|checkout-web/,
  'unexpected-udp': /coredns|checkout-web/,
  'kubectl-cp': /payments-api/,
};

/** Fallbacks for rules no scenario names, chosen by the rule's tags. */
const FALLBACK_SCENARIOS: Record<'network' | 'filesystem' | 'process', Scenario> = {
  network: {
    id: 'generic-connection',
    pattern: /$^/,
    build: (context) =>
      spawned(context, 'connect', mainProcess(context), {
        connection: outbound(context, { ip: externalAddress(context), port: 443 }),
      }),
  },
  filesystem: {
    id: 'generic-file-write',
    pattern: /$^/,
    build: (context) =>
      interactive(context, 'openat', proc('tee', '/usr/bin/tee', '-a /etc/profile.d/env.sh'), {
        file: '/etc/profile.d/env.sh',
        flags: 'O_WRONLY|O_CREAT|O_APPEND',
      }),
  },
  process: {
    id: 'generic-command',
    pattern: /$^/,
    build: (context) => interactive(context, 'execve', sh('-c "id; uname -a"')),
  },
};

export function chooseScenario(rule: FalcoRule): Scenario {
  const named = SCENARIOS.find((scenario) => scenario.pattern.test(rule.name));
  if (named) return named;
  if (rule.tags.includes('network')) return FALLBACK_SCENARIOS.network;
  if (rule.tags.includes('filesystem')) return FALLBACK_SCENARIOS.filesystem;
  return FALLBACK_SCENARIOS.process;
}

export function preferredWorkloads(scenario: Scenario): RegExp | undefined {
  return PREFERRED_WORKLOADS[scenario.id];
}
