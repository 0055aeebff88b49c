import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { Receiver } from '../export/delivery/receiver';

const ROOT = join(__dirname, '..', '..');

/**
 * What wrangler's nodejs_compat does with the require() of a built-in in a
 * CommonJS module: an import when the runtime has it, an error otherwise
 * (node:http and node:https among them, here).
 */
const BUILTINS_BANNER = [
  "import * as timers from 'node:timers';",
  "import * as perfHooks from 'node:perf_hooks';",
  "import * as stringDecoder from 'node:string_decoder';",
  "const builtins = { 'node:timers': timers, 'node:perf_hooks': perfHooks, 'node:string_decoder': stringDecoder };",
  "const require = (name) => { if (name in builtins) return builtins[name]; throw new Error('No such module \"' + name + '\"'); };",
].join('\n');

/** promkit's sources as the CommonJS package ships them, bundled with the worker as wrangler would. */
async function bundleWorker(dir: string): Promise<string> {
  await build({
    entryPoints: [join(ROOT, 'lib', '**', '*.ts')],
    outbase: join(ROOT, 'lib'),
    outdir: join(dir, 'lib'),
    format: 'cjs',
    platform: 'node',
    logLevel: 'error',
  });
  copyFileSync(join(__dirname, 'fixtures', 'push-worker.mjs'), join(dir, 'worker.mjs'));
  const bundled = await build({
    entryPoints: [join(dir, 'worker.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    external: ['node:*', 'http', 'https', '@opentelemetry/api'],
    banner: { js: BUILTINS_BANNER },
    write: false,
    logLevel: 'error',
  });
  return bundled.outputFiles[0].text;
}

describe('push delivery on Cloudflare Workers', () => {
  it('delivers through fetch, with no node:http in the runtime', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promkit-worker-'));
    const receiver = await Receiver.start();
    let worker: Miniflare | undefined;
    try {
      worker = new Miniflare({
        modules: true,
        script: await bundleWorker(dir),
        compatibilityDate: '2026-07-01',
        compatibilityFlags: ['nodejs_compat'],
      });
      const answer = await worker.dispatchFetch(`http://worker/?to=${encodeURIComponent(receiver.url)}`);
      expect(await answer.json()).toEqual({ outcome: 'delivered' });
      expect(receiver.delivered).toEqual(['from a worker']);
    } finally {
      await worker?.dispose();
      await receiver.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 50_000);
});
