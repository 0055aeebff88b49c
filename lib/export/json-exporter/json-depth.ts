/** Deeper than any status document needs; parsing and walking stay cheap below it. */
export const MAX_JSON_DEPTH = 256;

/**
 * Whether JSON text nests objects and arrays deeper than `max`, found with one
 * pass over the characters (strings skipped). Checked before JSON.parse, which
 * would otherwise spend seconds of the event loop on a hostile document of
 * a million brackets.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}
