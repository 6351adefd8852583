import type { Registry } from 'prom-client';

/**
 * Reads one sample of a metric, 0 when no sample with these labels exists.
 * For a histogram, `sampleName` picks a series such as `<name>_count`.
 */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
  sampleName?: string,
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`metric ${name} is not registered`);

  const { values } = await metric.get();
  const sample = values.find(
    (value) =>
      // Histogram samples name their series (`_bucket`, `_sum`, `_count`); prom-client's type omits it.
      (sampleName === undefined || (value as { metricName?: string }).metricName === sampleName) &&
      Object.entries(labels).every(([key, expected]) => value.labels[key] === expected),
  );
  return sample?.value ?? 0;
}
