import { Counter, Info, Registry, setNameValidationScheme } from 'promkit';

/**
 * A counter's `_total` and an info's `_info` are suffixes the formats add to
 * the family name; escaping a UTF-8 name must leave them as they are, however
 * the family was named (a collector may include the suffix, a metric never
 * keeps it in its family name).
 */
const SCHEMES = [
  ['underscores', 'jobs_done', 'build_meta'],
  ['dots', 'jobs_dot_done', 'build_dot_meta'],
  ['values', 'U__jobs_2e_done', 'U__build_2e_meta'],
] as const;

function families(registry: Registry) {
  registry.registerCollector({
    collect: () => [
      {
        name: 'jobs.done_total',
        help: 'Jobs.',
        type: 'counter',
        points: [{ labelNames: [], labelValues: [], value: 2 }],
      },
      {
        name: 'build.meta_info',
        help: 'Build.',
        type: 'info',
        points: [{ labelNames: ['v'], labelValues: ['1'] }],
      },
    ],
  });
}

describe('an escaped UTF-8 counter or info name', () => {
  beforeAll(() => setNameValidationScheme('utf-8'));
  afterAll(() => setNameValidationScheme('legacy'));

  it.each(SCHEMES)(
    'keeps _total and _info when a collector names the family with them (%s)',
    async (escaping, counter, info) => {
      const registry = new Registry();
      families(registry);
      const text = await registry.metrics({ format: 'openmetrics', escaping });
      expect(text).toContain(`# TYPE ${counter} counter\n${counter}_total 2\n`);
      expect(text).toContain(`# TYPE ${info} info\n${info}_info{v="1"} 1\n`);
      const protobuf = Buffer.from((await registry.metrics({ format: 'protobuf', escaping })) as Uint8Array);
      expect(protobuf.includes(`${counter}_total`)).toBe(true);
      expect(protobuf.includes(`${info}_info`)).toBe(true);
    },
  );

  it.each(SCHEMES)(
    'is written the same for a metric and a collector family of that name (%s)',
    async (escaping) => {
      const fromMetrics = new Registry();
      new Counter({ name: 'jobs.done_total', help: 'Jobs.', registers: [fromMetrics] }).inc(2);
      new Info({ name: 'build.meta', help: 'Build.', registers: [fromMetrics] }).info({ v: '1' });
      const fromCollector = new Registry();
      families(fromCollector);
      for (const format of ['text', 'openmetrics'] as const) {
        expect(await fromCollector.metrics({ format, escaping })).toBe(
          await fromMetrics.metrics({ format, escaping }),
        );
      }
    },
  );
});
