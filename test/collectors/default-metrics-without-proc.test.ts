import { collectDefaultMetrics, Registry } from 'promkit';

// As on a platform without /proc (or a sandbox that hides it): every read fails.
jest.mock('node:fs/promises', () => {
  const missing = async () => {
    throw Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
  };
  return { open: missing, readFile: missing, readdir: missing };
});

describe('collectDefaultMetrics without /proc', () => {
  it('leaves the Linux-only metrics out without reporting an error', async () => {
    const errors: string[] = [];
    const registry = new Registry(undefined, {
      onCollectError: (_error, collector) => errors.push(collector),
    });
    const handle = collectDefaultMetrics({ register: registry });
    try {
      const text = await registry.metrics();
      for (const name of [
        'process_open_fds',
        'process_max_fds',
        'process_virtual_memory_bytes',
        'process_heap_bytes',
      ]) {
        expect(text).not.toContain(`# TYPE ${name} `);
      }
      expect(await registry.getSampleValue('process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(text).toContain('# TYPE process_cpu_seconds_total counter');
      expect(errors).toEqual([]);
    } finally {
      handle.stop();
    }
  });
});
