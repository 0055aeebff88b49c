/**
 * `@Observed` beside `@Timed` where `@opentelemetry/api` cannot be resolved:
 * run by the decorators section in a child process that hides the module
 * (test/support/hide-module.ts); prints what it measured as JSON.
 */
import { measureDecorators } from './decorator-calls';

/** What the decorators section reads back from this process. */
export interface WithoutOtelFigures {
  /** The API was looked for and not found: the figures are those of an app without it. */
  apiHidden: boolean;
  sync: { nsPerOp: Record<string, number>; ratio: number };
  asyncs: { nsPerOp: Record<string, number>; ratio: number };
}

async function main(): Promise<void> {
  const { sync, asyncs } = await measureDecorators();
  const lookups = (globalThis as { hiddenModuleLookups?: Record<string, number> }).hiddenModuleLookups;
  const figures: WithoutOtelFigures = {
    apiHidden: (lookups?.['@opentelemetry/api'] ?? 0) > 0,
    sync: { nsPerOp: sync.nsPerOp, ratio: sync.ratio('observed', 'timed') },
    asyncs: { nsPerOp: asyncs.nsPerOp, ratio: asyncs.ratio('observed', 'timed') },
  };
  process.stdout.write(JSON.stringify(figures));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
