import { OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from 'promkit/exposition';
import type { Sample } from '../../lib/core';
import { describeWithTool } from '../support/external-tool';
import {
  type ParsedFamily,
  parseOpenMetricsWithPython,
  parsePrometheusTextWithPython,
  pythonPrometheusClient,
} from '../support/python-parser';
import { byKey, seriesKey } from './series-key';
import { useFixtureAppWithTraffic } from './use-fixture-app';

interface FormatCase {
  readonly format: string;
  readonly accept: string;
  readonly contentType: string;
  readonly parse: (text: string) => Promise<ParsedFamily[]>;
}

const CASES: readonly FormatCase[] = [
  {
    format: 'OpenMetrics',
    // What Prometheus 2.42 sends.
    accept:
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
    contentType: OPENMETRICS_CONTENT_TYPE,
    parse: parseOpenMetricsWithPython,
  },
  {
    format: 'text 0.0.4',
    accept: 'text/plain;version=0.0.4',
    contentType: PROMETHEUS_CONTENT_TYPE,
    parse: parsePrometheusTextWithPython,
  },
];

const valuesOf = (samples: readonly { name: string; labels: Record<string, string>; value: number }[]) =>
  byKey(
    samples,
    (s) => seriesKey(s.name, s.labels),
    (s) => s.value,
  );

const exemplarsOf = (samples: readonly Sample[]) =>
  samples
    .filter((s) => s.exemplar !== undefined)
    .map((s) => ({
      series: seriesKey(s.name, s.labels),
      labels: s.exemplar?.labels,
      value: s.exemplar?.value,
      timestamp: (s.exemplar?.timestamp as number) / 1000,
    }));

describeWithTool(pythonPrometheusClient, "Python's prometheus_client reading what the app serves", () => {
  const app = useFixtureAppWithTraffic();

  it.each(CASES)('reads every $format sample with the registry value', async (c) => {
    const { contentType, body } = await app().scrape(c.accept);
    expect(contentType).toBe(c.contentType);
    const families = await c.parse(body);
    const parsed = families.flatMap((f) => f.samples);
    // Neither format carries `_created` samples unless the scrape asks for them.
    const expected = await app().registry.getSamples();
    expect(parsed.length).toBe(expected.length);
    expect(valuesOf(parsed)).toEqual(valuesOf(expected));
  });

  it('reads the OpenMetrics exemplars the registry holds', async () => {
    const { body } = await app().scrape(CASES[0].accept);
    const parsed = (await parseOpenMetricsWithPython(body))
      .flatMap((f) => f.samples)
      .filter((s) => s.exemplar !== null)
      .map((s) => ({
        series: seriesKey(s.name, s.labels),
        labels: s.exemplar?.labels,
        value: s.exemplar?.value,
        timestamp: s.exemplar?.timestamp,
      }));
    const expected = exemplarsOf(await app().registry.getSamples());
    expect(expected.length).toBeGreaterThan(0);
    expect(parsed).toEqual(expected);
  });

  it('reads the types and help the app declared', async () => {
    const { body } = await app().scrape(CASES[0].accept);
    const families = await parseOpenMetricsWithPython(body);
    expect(Object.fromEntries(families.map((f) => [f.name, f.type]))).toEqual({
      e2e_requests: 'counter',
      e2e_request_duration_seconds: 'histogram',
      e2e_payload_bytes: 'summary',
      e2e_temperature_celsius: 'gauge',
      e2e_build: 'info',
      e2e_lifecycle: 'stateset',
    });
    expect(families.find((f) => f.name === 'e2e_requests')?.help).toBe('Requests handled, by route.');
  });
});
