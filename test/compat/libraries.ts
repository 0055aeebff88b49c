import * as promClient from 'prom-client';
import * as promkit from 'promkit';

/** The prom-client API both libraries offer; code written once against it runs on either. */
export type Lib = typeof promkit;

/** prom-client 15 itself, the specification promkit is compared with. */
export const promClientLib = promClient as unknown as Lib;

/** Each library with its name, for `describe.each` / `it.each` and for running one program on both. */
export const LIBRARIES: ReadonlyArray<readonly [string, Lib]> = [
  ['promkit', promkit],
  ['prom-client', promClientLib],
];

/** Runs the same program on promkit and on prom-client; resolves with both results. */
export async function onBoth<R>(
  program: (lib: Lib) => R | Promise<R>,
): Promise<{ promkit: R; promClient: R }> {
  return { promkit: await program(promkit), promClient: await program(promClientLib) };
}

/**
 * The sample lines of a text exposition, each with its labels sorted: what a
 * scraper stores, whatever the order of labels and lines the writer chose.
 */
export function sampleLines(exposition: string): string[] {
  return exposition
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.replace(/\{(.*)\}/, (_, inner: string) => `{${inner.split(',').sort().join(',')}}`))
    .sort();
}
