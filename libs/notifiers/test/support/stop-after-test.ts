import type { OutputChannel } from '../../src/delivery/output-channel';

const channelsToStop = new Set<OutputChannel>();

// Registered when a spec imports this module. A channel left running keeps
// timers that would fire in a later test file, after Jest removed its globals.
afterEach(async () => {
  const channels = [...channelsToStop];
  channelsToStop.clear();
  await Promise.all(channels.map((channel) => channel.drain(Date.now())));
});

/** Stops the channel after the current test, without closing its adapter, and returns it. */
export function stopAfterTest(channel: OutputChannel): OutputChannel {
  channelsToStop.add(channel);
  return channel;
}
