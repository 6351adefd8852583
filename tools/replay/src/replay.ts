import http from 'node:http';
import https from 'node:https';
import { redactUrl } from './redact-url';
import { resolveReplayOptions, type ReplayOptions } from './replay-options';
import { ReportCollector, type ReplayReport } from './replay-report';
import { planRequests } from './request-plan';
import { RequestSchedule } from './request-schedule';
import { sendRequest, type SendTarget } from './send-request';

/**
 * Sends the corpus to a forwarder and reports how it responded. Each of the
 * `concurrency` connections sends one request at a time over a keep-alive
 * socket, as a Falco instance does. Transport errors are counted in the
 * report, not thrown, so that a partly reachable forwarder still gets a
 * report. Invalid options throw a ReplayError.
 */
export async function replay(options: ReplayOptions): Promise<ReplayReport> {
  const resolved = resolveReplayOptions(options);
  const plan = planRequests(resolved.bodies, resolved.mode, resolved.batchSize, resolved.gzip);

  const agentOptions = { keepAlive: true, maxSockets: resolved.concurrency };
  const agent =
    resolved.target.protocol === 'https:'
      ? new https.Agent(agentOptions)
      : new http.Agent(agentOptions);
  const target: SendTarget = {
    url: resolved.target,
    agent,
    timeoutMs: resolved.timeoutMs,
    headers: {
      'Content-Type': plan.contentType,
      'User-Agent': 'talaria-replay',
      ...(resolved.gzip ? { 'Content-Encoding': 'gzip' } : {}),
      ...resolved.headers,
    },
  };

  const startedAt = performance.now();
  const deadline =
    resolved.durationSeconds === undefined
      ? undefined
      : startedAt + resolved.durationSeconds * 1000;
  const schedule = new RequestSchedule(
    plan.requests.length,
    resolved.repeat,
    resolved.rate,
    startedAt,
    deadline,
  );
  const collector = new ReportCollector(
    redactUrl(resolved.target),
    resolved.mode,
    resolved.maxRejectedKept,
  );

  const sendUntilDone = async () => {
    for (let next = schedule.next(); next !== undefined; next = schedule.next()) {
      await sleepUntil(next.sendAt);
      if (schedule.pastDeadline()) return;

      const request = plan.requests[next.requestIndex];
      collector.add(await sendRequest(target, request.payload), request.bodyIndexes);

      if (collector.consecutiveFailures >= resolved.maxConsecutiveFailures) {
        collector.stop(
          `${collector.consecutiveFailures} requests in a row failed without a response`,
        );
        schedule.stop();
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: resolved.concurrency }, sendUntilDone));
  } finally {
    agent.destroy();
  }
  return collector.finish(performance.now() - startedAt);
}

function sleepUntil(time: number): Promise<void> {
  const wait = time - performance.now();
  return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
}
