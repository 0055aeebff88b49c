import type { Registry } from '../../core';
import type { ExpositionFormat } from '../../exposition';
import { renamedOutsideText, totalName } from '../../model';

/** Counters named in the warning; the rest are counted. */
const LISTED = 10;

/**
 * Tells the app once, at the first scrape answered in OpenMetrics or protobuf,
 * which of its counters that scrape renames. Both formats write a counter's
 * samples as `<name>_total`; text 0.0.4, and so prom-client (which serves
 * nothing else unless told), writes a counter declared without it (`jobs`) as
 * `jobs`. Prometheus asks for OpenMetrics first, so an app moved from
 * prom-client would find those series under new names, its dashboards blank.
 * Told through the registry's warning logger.
 */
export function tellRenamedCounters(
  registry: Registry<any>,
  format: Exclude<ExpositionFormat, 'text'>,
): void {
  // Once per registry, whatever the endpoint.
  if (!registry.scrapeState.firstTime('renamed counters')) return;
  const renamed = registry
    .getMetricsAsArray()
    .filter((m) => m.type === 'counter' && typeof m.name === 'string' && renamedOutsideText(m.name))
    .map((m) => m.name);
  if (renamed.length === 0) return;
  const listed = renamed.slice(0, LISTED).map((name) => `${name} (now ${totalName(name)})`);
  const more = renamed.length > LISTED ? ` and ${renamed.length - LISTED} more` : '';
  const option = format === 'protobuf' ? '{ openMetrics: false, protobuf: false }' : '{ openMetrics: false }';
  registry.scrapeState.warn(
    `promkit: a scraper asked for ${format === 'protobuf' ? 'protobuf' : 'OpenMetrics'}, which writes counters as <name>_total, ` +
      `so ${renamed.length} counter(s) declared without _total are stored under a new name: ${listed.join(', ')}${more}. ` +
      `prom-client and text 0.0.4 write them as declared. To keep their series, pass ${option} to the metrics endpoint ` +
      '(startHttpServer, metricsHandler, metricsFetchHandler, the Koa and Fastify handlers, MetricsModule.forRoot), or name them with _total.',
  );
}
