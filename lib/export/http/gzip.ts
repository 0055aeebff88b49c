import { optionalNodeBuiltin } from '../../core';

type Zlib = typeof import('node:zlib');

/** The web platform's compressor, where a runtime has one (Workers, Deno, Bun, Node.js). */
interface CompressionStreamLike {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}
type CompressionStreamClass = new (format: 'gzip') => CompressionStreamLike;

let zlib: Zlib | null | undefined;

/** node:zlib, looked for once: its gzip runs on the thread pool, off the event loop. */
function nodeZlib(): Zlib | undefined {
  if (zlib === undefined) zlib = optionalNodeBuiltin('node:zlib') ?? null;
  return zlib ?? undefined;
}

function compressionStream(): CompressionStreamClass | undefined {
  return (globalThis as { CompressionStream?: CompressionStreamClass }).CompressionStream;
}

/** Whether this runtime can gzip a body at all; without a compressor, bodies are sent as they are. */
export function canGzip(): boolean {
  return nodeZlib() !== undefined || compressionStream() !== undefined;
}

/** `data` gzipped, with node:zlib where the runtime has it, else with `CompressionStream`. */
export function gzipBytes(data: string | Uint8Array): Promise<Buffer> {
  const zlib = nodeZlib();
  if (zlib) {
    return new Promise((resolve, reject) =>
      zlib.gzip(data, (error, result) => (error ? reject(error) : resolve(result))),
    );
  }
  const Compression = compressionStream();
  if (!Compression)
    return Promise.reject(new Error('this runtime has neither node:zlib nor CompressionStream'));
  return streamGzip(Compression, data);
}

async function streamGzip(Compression: CompressionStreamClass, data: string | Uint8Array): Promise<Buffer> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const compressed = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new Compression('gzip'));
  return Buffer.from(await new Response(compressed).arrayBuffer());
}
