import { join } from 'node:path';
import { Receiver } from '../export/delivery/receiver';
import { runNode } from '../support/child-node';
import { runWithInput } from '../support/external-tool';
import { freePort } from '../support/free-port';

const ROOT = join(__dirname, '..', '..');
const runtimeFixture = join(__dirname, 'fixtures', 'push-on-runtime.ts');

const preload = [
  '-r',
  'ts-node/register/transpile-only',
  '-r',
  join(__dirname, '..', 'support', 'hide-module.ts'),
];

describe('push delivery in a process of its own', () => {
  it('loads and delivers through fetch where node:http and node:https do not exist', async () => {
    const receiver = await Receiver.start();
    try {
      const run = await runNode(
        [...preload, join(__dirname, 'fixtures', 'push-without-node-http.ts'), receiver.url],
        { ...process.env, HIDE_MODULES: 'http,https,node:http,node:https' },
        40_000,
      );
      // stderr (a retry's warning, on a loaded machine) may arrive after the report on stdout.
      const report =
        run.output
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .at(-1) ?? run.output;
      expect(JSON.parse(report)).toEqual({ outcome: 'delivered', lookups: { http: 1 } });
      expect(receiver.delivered).toEqual(['from fetch']);
    } finally {
      await receiver.stop();
    }
  }, 45_000);

  it.each([
    ['bun', (url: string) => [runtimeFixture, url]],
    [
      'deno',
      (url: string) => [
        'run',
        '--allow-net',
        '--allow-env',
        '--allow-read',
        '--sloppy-imports',
        runtimeFixture,
        url,
      ],
    ],
  ])(
    'delivers with fetch on %s',
    async (runtime, args) => {
      const receiver = await Receiver.start();
      try {
        const run = await runWithInput(
          join(ROOT, 'node_modules', '.bin', runtime),
          args(receiver.url),
          '',
          40_000,
        );
        expect(run.stdout.trim().split('\n').at(-1)).toBe('{"outcome":"delivered","status":204}');
        expect(receiver.delivered).toEqual(['from another runtime']);
        // Each runtime's own fetch says who it is; Node's http client sends no User-Agent.
        expect(receiver.requests[0].headers['user-agent']?.toLowerCase()).toContain(runtime);
      } finally {
        await receiver.stop();
      }
    },
    45_000,
  );

  it('never keeps the app alive nor rejects unhandled while the receiver is down', async () => {
    const url = `http://127.0.0.1:${await freePort()}/write`;
    const started = Date.now();
    const run = await runNode(
      [...preload, join(__dirname, 'fixtures', 'push-receiver-down.ts'), url],
      { ...process.env, HIDE_MODULES: '' },
      40_000,
    );
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    expect(run.output).not.toContain('unhandled rejection');
    expect(run.output).toContain('warning: promkit down: sending to');
    expect(run.output).toMatch(/pending [1-9]/);
    expect(run.output).toContain('flush false at its deadline');
    // ts-node's compilation is most of it; the queue's retries add nothing.
    expect(Date.now() - started).toBeLessThan(35_000);
  }, 45_000);
});
