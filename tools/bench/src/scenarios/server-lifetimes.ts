import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forwarderFiles, type ForwarderFiles } from '../children/forwarder-files';
import { ServerProcess } from '../children/server-process';
import type { ScenarioContext } from './scenario-context';

/** Runs `use` against a fresh forwarder child with its own temp folder, then stops it and removes the folder. */
export async function withForwarder<T>(
  context: ScenarioContext,
  use: (forwarder: ServerProcess, files: ForwarderFiles) => Promise<T>,
): Promise<T> {
  const workDirectory = await mkdtemp(join(tmpdir(), 'talaria-bench-'));
  try {
    const forwarder = await ServerProcess.start('forwarder', {
      settings: {
        workDirectory,
        tokenVariable: context.tokenVariable,
        forwarderSettings: context.options.forwarderSettings,
      },
      env: context.childEnv,
      execArgv: context.forwarderExecArgv,
    });
    try {
      return await use(forwarder, forwarderFiles(workDirectory));
    } finally {
      await forwarder.stop();
    }
  } finally {
    await rm(workDirectory, { recursive: true, force: true });
  }
}

/** Runs `use` against a fresh bare Node http server child, then stops it. */
export async function withBareServer<T>(
  context: ScenarioContext,
  use: (server: ServerProcess) => Promise<T>,
): Promise<T> {
  const server = await ServerProcess.start('bare', {
    settings: { workDirectory: tmpdir(), tokenVariable: context.tokenVariable },
    env: context.childEnv,
    execArgv: [],
  });
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}
