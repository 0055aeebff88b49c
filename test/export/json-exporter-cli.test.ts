import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../support/free-port';
import { type ServiceProcess, startService } from '../support/service-process';
import { waitFor } from '../support/wait-for';
import { request } from './http-fetch';

const ROOT = join(__dirname, '../..');
const CLI = ['-r', 'ts-node/register/transpile-only', join(ROOT, 'lib/export/json-exporter/cli.ts')];

/** Waits until the service has printed a line matching `pattern`, and returns the match. */
function waitForOutput(
  service: ServiceProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpMatchArray> {
  return waitFor(async () => pattern.exec(service.output()) ?? undefined, {
    what: `${service.name} to print ${pattern}`,
    timeoutMs,
    giveUp: () => (service.exited() ? `it exited:\n${service.output()}` : undefined),
  });
}

describe('promkit-json-exporter CLI', () => {
  const services: ServiceProcess[] = [];
  afterAll(async () => {
    for (const s of services) await s.stop();
  });

  it('serves the sample status service through the sample mapping', async () => {
    const statusService = startService('status service', process.execPath, [
      join(ROOT, 'sample/status-service/server.js'),
      '0',
    ]);
    services.push(statusService);
    const [, statusUrl] = await waitForOutput(statusService, /on (http:\S+\/status)/, 10_000);

    const port = await freePort();
    const exporter = startService('json exporter', process.execPath, [
      ...CLI,
      '--target',
      statusUrl,
      '--mapping',
      join(ROOT, 'sample/status-mapping.json'),
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--timeout',
      '2000',
    ]);
    services.push(exporter);
    await waitForOutput(exporter, /serving http:\/\/127\.0\.0\.1:\d+\/metrics/, 30_000);

    const { status, text } = await request(`http://127.0.0.1:${port}/metrics`);
    expect(status).toBe(200);
    expect(text).toContain('app_up 1\n');
    expect(text).toContain('app_requests_current 10\n');
    expect(text).toContain('app_requests_pending 2\n');
    expect(text).toMatch(/^app_uptime \d+(\.\d+)?$/m);
    expect(text).toContain('app_health{app_health="healthy"} 1\n');
    expect(text).toContain('app_health{app_health="unhealthy"} 0\n');
    expect(text).toContain('app_version_info{app_version="1.4.2"} 1\n');
    expect(text).toContain('app_db_connections_active 3\n');
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);

    // The target goes away: the exporter keeps serving, now with up 0.
    await statusService.stop();
    const down = await request(`http://127.0.0.1:${port}/metrics`);
    expect(down.text).toContain('app_up 0\n');
    expect(down.text).toContain('app_scrape_errors_total{reason="connection"} 1\n');
    expect(down.text).not.toContain('app_requests_current');

    await exporter.stop();
    expect(exporter.exited()).toBe(true);
  });

  it('explains a missing --target and exits 2', () => {
    const result = spawnSync(process.execPath, CLI, { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--target is required');
    expect(result.stderr).toContain('Usage: promkit-json-exporter');
  });
});
