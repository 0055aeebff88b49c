import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandSucceeds, type ExternalTool } from './external-tool';

/**
 * `protoc --decode` (Debian `protobuf-compiler`) against Prometheus' own
 * metrics.proto (Debian `golang-github-prometheus-client-model-dev`): an
 * independent decoder for the protobuf exposition. The .proto files are found
 * on this machine, not copied into the repository. Fields newer than the
 * installed metrics.proto (created timestamps, native exemplars, unit) come
 * back as unknown fields, named by number, which protoc decodes as raw wire data.
 */

let include: string | null | undefined;

/** Finds a file under /usr by a path suffix. */
function findUnderUsr(suffix: string): string | undefined {
  const found = spawnSync('find', ['/usr', '-path', `*/${suffix}`], { encoding: 'utf8', timeout: 30_000 });
  return found.stdout?.split('\n').find((line) => line.endsWith(suffix));
}

/** A temporary include directory laid out as protoc's imports expect, or null if a file is missing. */
function includeDirectory(): string | null {
  if (include !== undefined) return include;
  const metrics = findUnderUsr('io/prometheus/client/metrics.proto');
  const timestamp =
    findUnderUsr('google/protobuf/timestamp.proto') ?? findUnderUsr('ptypes/timestamp/timestamp.proto');
  if (metrics === undefined || timestamp === undefined) return (include = null);
  const dir = mkdtempSync(join(tmpdir(), 'promkit-protoc-'));
  mkdirSync(join(dir, 'google', 'protobuf'), { recursive: true });
  copyFileSync(timestamp, join(dir, 'google', 'protobuf', 'timestamp.proto'));
  copyFileSync(metrics, join(dir, 'metrics.proto'));
  return (include = dir);
}

let available: boolean | undefined;

export const protocDecoder: ExternalTool = {
  name: "protoc with Prometheus' metrics.proto",
  debianPackage: 'protobuf-compiler golang-github-prometheus-client-model-dev',
  available: () => (available ??= commandSucceeds('protoc', ['--version']) && includeDirectory() !== null),
};

/** A decoded message: each field name (or number, if unknown) with its values in order. */
export interface Decoded {
  readonly [field: string]: (string | Decoded)[];
}

/** Splits a stream of varint-length-delimited messages. */
export function splitDelimited(bytes: Uint8Array): Uint8Array[] {
  const messages: Uint8Array[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    let length = 0;
    let shift = 1;
    let byte: number;
    do {
      byte = bytes[pos++];
      length += (byte & 127) * shift;
      shift *= 128;
    } while (byte & 128);
    if (pos + length > bytes.length) throw new Error(`truncated message at byte ${pos}`);
    messages.push(bytes.subarray(pos, pos + length));
    pos += length;
  }
  return messages;
}

function protocDecode(message: Uint8Array): Promise<string> {
  return runProtoc(
    includeDirectory() as string,
    'metrics.proto',
    'io.prometheus.client.MetricFamily',
    message,
  );
}

function runProtoc(
  dir: string,
  protoFile: string,
  messageType: string,
  message: Uint8Array,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('protoc', ['-I', dir, '--decode', messageType, protoFile], { timeout: 20_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.stdin.on('error', () => {});
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out).toString('latin1'))
        : reject(new Error(`protoc failed (${code}): ${Buffer.concat(err).toString()}`)),
    );
    child.stdin.end(Buffer.from(message));
  });
}

/** protoc's C-style escapes (octal bytes included) back to the UTF-8 string. */
function unquote(quoted: string): string {
  const bytes: number[] = [];
  const body = quoted.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(body.charCodeAt(i));
      continue;
    }
    const next = body[++i];
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, '"': 34, "'": 39, '\\': 92 };
    if (next in simple) bytes.push(simple[next]);
    else if (next === 'x') {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i))?.[0] ?? '';
      bytes.push(Number.parseInt(octal, 8));
      i += octal.length - 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Parses protoc's text output (read as latin1, so each byte is one character) into a tree. */
function parseText(text: string): Decoded {
  const root: Record<string, (string | Decoded)[]> = {};
  const stack = [root];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const top = stack[stack.length - 1];
    if (line === '}') {
      stack.pop();
      continue;
    }
    const open = /^(\w+) \{$/.exec(line);
    if (open) {
      const child: Record<string, (string | Decoded)[]> = {};
      (top[open[1]] ??= []).push(child);
      stack.push(child);
      continue;
    }
    const field = /^(\w+): (.*)$/.exec(line);
    if (!field) throw new Error(`unexpected protoc output line: ${line}`);
    const value = field[2].startsWith('"') ? unquote(field[2]) : field[2];
    (top[field[1]] ??= []).push(value);
  }
  return root;
}

/** Decodes each delimited MetricFamily with protoc. */
export async function decodeFamilies(bytes: Uint8Array): Promise<Decoded[]> {
  const out: Decoded[] = [];
  for (const message of splitDelimited(bytes)) out.push(parseText(await protocDecode(message)));
  return out;
}

/** A scalar as a number: protoc writes doubles shortest-round-trip, and `inf`/`nan` for the specials. */
export function num(value: string | Decoded | undefined): number {
  if (typeof value !== 'string') throw new Error(`expected a scalar, got ${JSON.stringify(value)}`);
  if (value === 'inf') return Number.POSITIVE_INFINITY;
  if (value === '-inf') return Number.NEGATIVE_INFINITY;
  if (value === 'nan') return Number.NaN;
  // An unknown fixed64 field (a double the installed metrics.proto does not know) is printed in hex.
  if (value.startsWith('0x')) {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt(value));
    return view.getFloat64(0);
  }
  return Number(value);
}

/** The single sub-message of a field. */
export function one(message: Decoded, field: string): Decoded {
  const values = message[field];
  if (values?.length !== 1 || typeof values[0] === 'string') {
    throw new Error(`expected one message in field ${field}, got ${JSON.stringify(values)}`);
  }
  return values[0];
}

/** All sub-messages of a repeated field. */
export function all(message: Decoded, field: string): Decoded[] {
  return (message[field] ?? []).filter((v): v is Decoded => typeof v !== 'string');
}

/** A scalar field (the last value if repeated). */
export function scalar(message: Decoded, field: string): string | undefined {
  const values = message[field];
  const last = values?.[values.length - 1];
  return typeof last === 'string' ? last : undefined;
}

let protocAvailable: boolean | undefined;

/** protoc alone, with the Remote Write schemas kept in test/fixtures/remote-write (written from the specs). */
export const protocRemoteWrite: ExternalTool = {
  name: 'protoc',
  debianPackage: 'protobuf-compiler',
  available: () => (protocAvailable ??= commandSucceeds('protoc', ['--version'])),
};

const REMOTE_WRITE_PROTOS = join(__dirname, '..', 'fixtures', 'remote-write');

/** Decodes an uncompressed Remote Write message: 1.0's prometheus.WriteRequest or 2.0's io.prometheus.write.v2.Request. */
export async function decodeRemoteWrite(message: Uint8Array, version: '1.0' | '2.0'): Promise<Decoded> {
  const text =
    version === '2.0'
      ? await runProtoc(REMOTE_WRITE_PROTOS, 'write_v2.proto', 'io.prometheus.write.v2.Request', message)
      : await runProtoc(REMOTE_WRITE_PROTOS, 'write_v1.proto', 'prometheus.WriteRequest', message);
  return parseText(text);
}
