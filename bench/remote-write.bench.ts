import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Registry, startRemoteWrite } from '../lib';
import { encodeRequest } from '../lib/export/remote-write/encode-request';
import { WriteRequestEncoder } from '../lib/export/remote-write/encode-v1';
import { resolveIdentity } from '../lib/export/remote-write/identity';
import type { RemoteWriteVersion } from '../lib/export/remote-write/remote-write-options';
import { walkSeries } from '../lib/export/remote-write/series-walk';
import { snappyCompress } from '../lib/export/remote-write/snappy-block';
import { type Check, formatNs, measureSideBySideAsync, type Row, type Table } from './harness';

/**
 * Remote Write, side by side in this process:
 * - one collection of 10k series encoded to a request body (protobuf and
 *   snappy) by promkit in 1.0 and in 2.0, and by the npm package
 *   `prometheus-remote-write` (protobufjs and snappyjs) given the same series
 *   already in its input shape (its conversion from a registry is not timed:
 *   the comparison favours it); target: promkit >= 5x faster in both versions;
 * - the memory one encoding allocates (heap and buffers grown during one call after a full GC: a young-generation GC inside the call makes it an underestimate);
 * - `startRemoteWrite` sending 10k series to a receiver on 127.0.0.1: CPU per
 *   collection (collect, encode, send) as a share of one core at a 15 s
 *   interval; target <= 1 %.
 */

const SERIES = 10_000;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const INTERVAL_SECONDS = 15;

// The npm package's API (CommonJS, typed loosely here: it is only a benchmark reference).
const npmRemoteWrite: {
  serialize(request: unknown): Promise<Uint8Array>;
} = require('prometheus-remote-write');
const snappyjs: { compress(input: Uint8Array): Uint8Array } = require('snappyjs');

function benchRegistry(): Registry {
  const registry = new Registry();
  const counter = new Counter({
    name: 'http_requests_total',
    help: 'Requests',
    labelNames: ['method', 'route', 'code'],
    registers: [registry],
    maxSeries: Number.POSITIVE_INFINITY,
  });
  for (let i = 0; i < SERIES; i++)
    counter.inc({ method: METHODS[i & 3], route: `/route/${i}`, code: '200' }, i);
  return registry;
}

/** The same series as the npm package takes them: a label object and one sample each. */
function npmInput(timestamp: number) {
  return {
    timeseries: Array.from({ length: SERIES }, (_, i) => ({
      labels: [
        { name: '__name__', value: 'http_requests_total' },
        { name: 'code', value: '200' },
        { name: 'instance', value: 'host' },
        { name: 'job', value: 'bench' },
        { name: 'method', value: METHODS[i & 3] },
        { name: 'route', value: `/route/${i}` },
      ],
      samples: [{ value: i, timestamp }],
    })),
  };
}

const identity = resolveIdentity({ job: 'bench', instance: 'host' });

/** Encodes as startRemoteWrite does: its buffer sized by the last message. */
function encoder(families: Awaited<ReturnType<Registry['collect']>>, version: RemoteWriteVersion) {
  let sizeHint: number | undefined;
  return () => {
    const request = encodeRequest(families, version, {
      identity,
      defaultLabels: {},
      timestamp: Date.now(),
      customBuckets: false,
      sizeHint,
    });
    sizeHint = request.messageBytes;
    return request.body;
  };
}

/** Heap and ArrayBuffer bytes one call allocates, the median of a few, each after a full GC. */
function allocated(fn: () => unknown, runs = 5): { heap: number; buffers: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  const heaps: number[] = [];
  const buffers: number[] = [];
  for (let r = 0; r < runs; r++) {
    gc?.();
    const before = process.memoryUsage();
    const kept = fn();
    const after = process.memoryUsage();
    heaps.push(after.heapUsed - before.heapUsed);
    buffers.push(after.arrayBuffers - before.arrayBuffers);
    if (kept === undefined) throw new Error('unreachable');
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return { heap: median(heaps), buffers: median(buffers) };
}

/** A receiver that reads each request and answers 204, as cheaply as a receiver can. */
async function sinkReceiver() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/v1/write`, close: () => new Promise((r) => server.close(r)) };
}

/** CPU time (user + system) of one collection sent by startRemoteWrite, the median of `rounds`. */
async function loopCpuPerCollection(registry: Registry, rounds = 7): Promise<number> {
  const receiver = await sinkReceiver();
  const handle = startRemoteWrite({
    url: receiver.url,
    registry,
    version: '1.0',
    intervalSeconds: INTERVAL_SECONDS,
  });
  try {
    await handle.flush(10); // warm-up
    const samples: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const start = process.cpuUsage();
      await handle.flush(10);
      const { user, system } = process.cpuUsage(start);
      samples.push((user + system) * 1000);
    }
    return [...samples].sort((a, b) => a - b)[Math.floor(rounds / 2)];
  } finally {
    await handle.stop();
    await receiver.close();
  }
}

const times = (v: number) => `${v.toFixed(1)}x`;
const percent = (v: number) => `${v.toFixed(3)} %`;
const kib = (v: number) => `${(v / 1024).toFixed(0)} KiB`;

export async function runRemoteWriteBench(): Promise<Table> {
  const registry = benchRegistry();
  const families = (await registry.collect()).filter((f) => f.type === 'counter');
  const input = npmInput(Date.now());
  const v1 = encoder(families, '1.0');
  const v2 = encoder(families, '2.0');
  const npm = async () => snappyjs.compress(await npmRemoteWrite.serialize(input));
  const timed = await measureSideBySideAsync(
    {
      'promkit 1.0': async (n) => {
        for (let i = 0; i < n; i++) v1();
      },
      'promkit 2.0': async (n) => {
        for (let i = 0; i < n; i++) v2();
      },
      'prometheus-remote-write': async (n) => {
        for (let i = 0; i < n; i++) await npm();
      },
    },
    3,
    7,
  );
  const sizes = { v1: v1().length, v2: v2().length, npm: (await npm()).length };
  const v1Ratio = timed.ratio('prometheus-remote-write', 'promkit 1.0');
  const v2Ratio = timed.ratio('prometheus-remote-write', 'promkit 2.0');
  // The uncompressed 1.0 message of the same collection, for the two snappy encoders.
  const message = new WriteRequestEncoder();
  const constants = { labelNames: ['job', 'instance'], labelValues: ['bench', 'host'] };
  walkSeries(families, message, { constants, timestamp: Date.now(), customBuckets: false });
  const raw = message.finish();
  const snappy = await measureSideBySideAsync(
    {
      promkit: async (n) => {
        for (let i = 0; i < n; i++) snappyCompress(raw);
      },
      snappyjs: async (n) => {
        for (let i = 0; i < n; i++) snappyjs.compress(raw);
      },
    },
    5,
    7,
  );
  const allocV1 = allocated(v1);
  const allocV2 = allocated(v2);
  const cpuNs = await loopCpuPerCollection(benchRegistry());
  const share = (cpuNs / (INTERVAL_SECONDS * 1e9)) * 100;

  const checks: Check[] = [
    {
      name: 'remote write 1.0 encode vs prometheus-remote-write',
      actual: v1Ratio,
      target: 5,
      atLeast: true,
      format: times,
    },
    {
      name: 'remote write 2.0 encode vs prometheus-remote-write',
      actual: v2Ratio,
      target: 5,
      atLeast: true,
      format: times,
    },
    { name: 'startRemoteWrite CPU share at 15 s, 10k series', actual: share, target: 1, format: percent },
  ];
  const rows: Row[] = [
    {
      operation: `encode 10k series, promkit 1.0 (${sizes.v1} bytes)`,
      cells: {
        time: formatNs(timed.nsPerOp['promkit 1.0']),
        'npm / promkit': times(v1Ratio),
        'allocated (approx.)': `${kib(allocV1.heap)} heap + ${kib(allocV1.buffers)} buffers`,
      },
      checks: [checks[0]],
    },
    {
      operation: `encode 10k series, promkit 2.0 (${sizes.v2} bytes)`,
      cells: {
        time: formatNs(timed.nsPerOp['promkit 2.0']),
        'npm / promkit': times(v2Ratio),
        'allocated (approx.)': `${kib(allocV2.heap)} heap + ${kib(allocV2.buffers)} buffers`,
      },
      checks: [checks[1]],
    },
    {
      operation: `encode 10k series, prometheus-remote-write (${sizes.npm} bytes)`,
      cells: { time: formatNs(timed.nsPerOp['prometheus-remote-write']) },
    },
    {
      operation: `snappy block, one 1.0 message (${raw.length} bytes): promkit / snappyjs`,
      cells: {
        time: `${formatNs(snappy.nsPerOp.promkit)} / ${formatNs(snappy.nsPerOp.snappyjs)}`,
        'npm / promkit': times(snappy.ratio('snappyjs', 'promkit')),
      },
    },
    {
      operation: `startRemoteWrite, 10k series: CPU per collection (${formatNs(cpuNs)}) / ${INTERVAL_SECONDS} s`,
      cells: { time: formatNs(cpuNs), 'CPU share': percent(share) },
      checks: [checks[2]],
    },
  ];
  return {
    title:
      'Remote Write (CPU time, median of interleaved runs; npm / promkit: how many times faster promkit is)',
    columns: ['time', 'npm / promkit', 'allocated (approx.)', 'CPU share'],
    rows,
  };
}
