import { setImmediate } from 'node:timers';

/** Characters encoded between two yields: about a millisecond of work. */
const SLICE_CHARS = 1 << 20;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A large exposition as UTF-8 bytes, encoded a slice at a time with the event
 * loop let through in between: `Buffer.from` on ten megabytes of text is one
 * uninterrupted stretch of the very work a scrape is written in slices to avoid.
 */
export async function utf8Body(text: string): Promise<Buffer> {
  if (text.length <= SLICE_CHARS) return Buffer.from(text, 'utf8');
  const out = Buffer.allocUnsafe(Buffer.byteLength(text, 'utf8'));
  let offset = 0;
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + SLICE_CHARS);
    const last = text.charCodeAt(end - 1);
    // A surrogate pair is one character: never cut between its halves.
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    offset += out.write(text.slice(start, end), offset, 'utf8');
    start = end;
    await yieldToEventLoop();
  }
  return out;
}
