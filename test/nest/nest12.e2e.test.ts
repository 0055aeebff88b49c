import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getText, sampleValue } from './nest-app';

const project = join(__dirname, '..', 'nest12');
const entry = join(project, 'dist', 'main.js');
const SETUP = 'npm run pretest (npm test runs it first)';

/** Starts the NestJS 12 app on a free port; resolves with its port once it listens. */
function startNest12App(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`NestJS 12 app did not start in 15s:\n${output}`)),
      15_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /LISTENING (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`NestJS 12 app exited with ${code} before listening:\n${output}`));
    });
  });
}

describe('promkit/nest on NestJS 12 (ESM)', () => {
  let child: ChildProcess | undefined;

  afterEach(() => {
    child?.kill('SIGKILL');
    child = undefined;
  });

  it('exposes decorated and HTTP metrics from a NestJS 12 app', async () => {
    expect({ built: existsSync(entry), setup: SETUP }).toEqual({ built: true, setup: SETUP });
    const nestCore = JSON.parse(
      readFileSync(join(project, 'node_modules/@nestjs/core/package.json'), 'utf8'),
    );
    expect(nestCore.version).toMatch(/^12\./);

    child = spawn(process.execPath, ['--no-warnings', entry], {
      cwd: project,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const port = await startNest12App(child);
    const url = `http://127.0.0.1:${port}`;

    const before = (await getText(`${url}/metrics`)).text;
    expect(sampleValue(before, 'nest12_greet_seconds_count{nest="12"}')).toBe(0);

    expect((await getText(`${url}/greet/world`)).text).toBe('hello world');
    expect((await getText(`${url}/greet/nobody`)).status).toBe(500);
    expect((await getText(`${url}/nowhere`)).status).toBe(404);

    const after = (await getText(`${url}/metrics`)).text;
    expect(sampleValue(after, 'nest12_greet_seconds_count{nest="12"}')).toBe(2);
    expect(sampleValue(after, 'nest12_greet_failures_total{nest="12"}')).toBe(1);
    const route = (status: number) =>
      `http_request_duration_seconds_count{nest="12",method="GET",route="/greet/:name",status_code="${status}"}`;
    expect(sampleValue(after, route(200))).toBe(1);
    expect(sampleValue(after, route(500))).toBe(1);
    expect(
      sampleValue(
        after,
        'http_request_duration_seconds_count{nest="12",method="GET",route="<unmatched>",status_code="404"}',
      ),
    ).toBe(1);
    expect(after).toContain('process_cpu_user_seconds_total');
  });
});
