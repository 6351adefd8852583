/** Returns a syscall alert as Falco's http_output sends it, with evt.time beyond JavaScript's safe integers. */
export function syscallAlert(
  overrides: { rule?: string; priority?: string; evtTime?: string; pod?: string } = {},
): string {
  const evtTime = overrides.evtTime ?? '1733318400123456789';
  const rule = overrides.rule ?? 'Terminal shell in container';
  const priority = overrides.priority ?? 'Notice';
  const pod = overrides.pod ?? 'payments-api-7d9f8c6b5-x2k4q';
  return (
    `{"hostname":"node-a-17","output":"2024-12-04T13:20:00.123456789+0000: ${priority} A shell was spawned in a container ` +
    `(user=root container_id=3ad7b26ded6d image=ghcr.io/acme/payments-api:1.42.0 shell=bash cmdline=bash -il)",` +
    `"output_fields":{"container.id":"3ad7b26ded6d","container.image.repository":"ghcr.io/acme/payments-api",` +
    `"container.image.tag":"1.42.0","container.name":"api","evt.time":${evtTime},"k8s.ns.name":"payments",` +
    `"k8s.pod.name":"${pod}","proc.cmdline":"bash -il","proc.name":"bash","proc.pid":4242,"user.name":"root"},` +
    `"priority":"${priority}","rule":"${rule}","source":"syscall","tags":["container","shell","mitre_execution"],` +
    `"time":"2024-12-04T13:20:00.123456789Z"}`
  );
}
