import type { FalcoNode, FleetInstances } from '../fleet/fleet-instances';
import type { SeededRandom } from '../random';

/** Picks the Falco deployment that reads a plugin source, in one of the clusters that run it. */
export function pickPluginHost(
  fleet: FleetInstances,
  source: string,
  random: SeededRandom,
): FalcoNode {
  const hosts = fleet.pluginHosts.get(source);
  if (hosts === undefined || hosts.length === 0) {
    throw new Error(
      `No Falco host runs the "${source}" source; add it to the plugin sources of the fleet.`,
    );
  }
  return random.pick(hosts);
}
