import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runEngineBench } from './engine.bench';
import { printTable } from './harness';

/**
 * `npm run bench`: every library measured in this one process, the table
 * printed and also written to bench/results/ (not committed).
 */
async function main() {
  const sections: string[] = [];
  const header = `node ${process.version}, ${process.platform}/${process.arch}`;
  console.log(header);
  const engine = await runEngineBench();
  sections.push(
    printTable(
      'Metric engine (time per operation, lower is better; ratios: how many times faster promkit is)',
      engine.columns,
      engine.rows,
    ),
  );
  const extra = process.env.PROMKIT_BENCH_EXTRA?.split(',') ?? [];
  for (const loader of extraBenches) {
    if (extra.length && !extra.includes(loader.name)) continue;
    const section = await loader.run();
    if (section) sections.push(section);
  }
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.md'), `${header}\n\n${sections.join('\n')}`);
}

/** Benchmarks of other layers, loaded only when present. */
const extraBenches: { name: string; run: () => Promise<string | undefined> }[] = [
  {
    name: 'decorators',
    run: async () => {
      const { runDecoratorBench, DECORATOR_BENCH_COLUMNS } = await import('./decorators.bench');
      return printTable(
        'Decorator overhead (time per call)',
        DECORATOR_BENCH_COLUMNS,
        await runDecoratorBench(),
      );
    },
  },
  { name: 'collectors', run: async () => (await import('./collectors.bench')).runCollectorBench() },
  {
    name: 'http',
    run: async () => {
      const { runHttpBench, HTTP_BENCH_COLUMNS, HTTP_BENCH_TITLE } = await import('./http.bench');
      return printTable(HTTP_BENCH_TITLE, HTTP_BENCH_COLUMNS, await runHttpBench());
    },
  },
  {
    name: 'exemplars',
    run: async () => {
      const { runExemplarBench, EXEMPLAR_BENCH_COLUMNS } = await import('./exemplars.bench');
      return printTable(
        "exemplars: 'trace' on the hot path (time per call; ratio: traced / plain, no span / in a span)",
        EXEMPLAR_BENCH_COLUMNS,
        await runExemplarBench(),
      );
    },
  },
  { name: 'timers', run: async () => (await import('./timers.bench')).runTimerBench() },
  { name: 'protobuf', run: async () => (await import('./protobuf.bench')).runProtobufBench() },
];

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
