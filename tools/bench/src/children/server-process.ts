import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ChildMessage, ProcessSnapshot, ServerChildSettings } from './child-messages';

export type ServerKind = 'bare' | 'forwarder';

const CHILD_SCRIPTS: Record<ServerKind, string> = {
  bare: join(__dirname, 'bare-server-child.js'),
  forwarder: join(__dirname, 'forwarder-child.js'),
};

const START_TIMEOUT_MS = 30_000;
const SNAPSHOT_TIMEOUT_MS = 10_000;
// The forwarder drains its spool when it stops. A child still running after this is killed.
const STOP_TIMEOUT_MS = 60_000;

export interface ServerStartOptions {
  settings: ServerChildSettings;
  /** Environment of the child. It carries the ingest token, which never goes on the command line. */
  env: NodeJS.ProcessEnv;
  /** Node flags for the child, such as --cpu-prof. */
  execArgv: string[];
}

/**
 * A server under test in a child process of its own, so the load generator in
 * this process never shares its event loop. It listens on 127.0.0.1 only.
 */
export class ServerProcess {
  /** Samples the child sends every second. */
  readonly samples: ProcessSnapshot[] = [];
  private readonly pendingSnapshots = new Map<number, (snapshot: ProcessSnapshot) => void>();
  private nextRequestId = 1;

  private constructor(
    readonly kind: ServerKind,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'sample') this.samples.push(message.snapshot);
      if (message.type === 'snapshot') {
        this.pendingSnapshots.get(message.requestId)?.(message.snapshot);
        this.pendingSnapshots.delete(message.requestId);
      }
    });
  }

  static async start(kind: ServerKind, options: ServerStartOptions): Promise<ServerProcess> {
    const child = fork(CHILD_SCRIPTS[kind], [JSON.stringify(options.settings)], {
      env: options.env,
      execArgv: options.execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // Child logs go to stderr so that --json output on stdout stays parseable.
    child.stdout?.pipe(process.stderr);
    child.stderr?.pipe(process.stderr);

    try {
      const url = await waitForReady(child, kind);
      return new ServerProcess(kind, url, child);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  /** Asks the child for its resource use and counters now. */
  snapshot(): Promise<ProcessSnapshot> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingSnapshots.delete(requestId);
        reject(
          new Error(
            `the ${this.kind} server did not respond to a snapshot request within ${SNAPSHOT_TIMEOUT_MS} ms`,
          ),
        );
      }, SNAPSHOT_TIMEOUT_MS);

      this.pendingSnapshots.set(requestId, (snapshot) => {
        clearTimeout(timer);
        resolve(snapshot);
      });
      this.child.send({ type: 'snapshot', requestId });
    });
  }

  /** Stops the server gracefully, or kills it if it has not exited within the stop timeout. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;

    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' });

    const timer = setTimeout(() => {
      console.error(
        `the ${this.kind} server did not stop within ${STOP_TIMEOUT_MS} ms; killing it`,
      );
      this.child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}

function waitForReady(child: ChildProcess, kind: ServerKind): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the ${kind} server did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    const settle = (outcome: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      outcome();
    };

    const onMessage = (message: ChildMessage) => {
      if (message.type === 'ready') settle(() => resolve(message.url));
      if (message.type === 'failed') {
        settle(() => reject(new Error(`the ${kind} server failed to start: ${message.message}`)));
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      settle(() =>
        reject(
          new Error(
            `the ${kind} server exited before it was ready (code ${code}, signal ${signal})`,
          ),
        ),
      );

    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
