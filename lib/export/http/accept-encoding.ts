/**
 * Whether an Accept-Encoding header lets us answer with gzip. `gzip;q=0`
 * (or `*;q=0` without a gzip entry) is an explicit refusal, so it is honoured.
 */
export function acceptsGzip(acceptEncoding: string | readonly string[] | undefined): boolean {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (typeof header !== 'string' || header === '') return false;
  let wildcard: boolean | undefined;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const allowed = !params.some((p) => /^q=0(?:\.0{0,3})?$/.test(p));
    if (coding === 'gzip' || coding === 'x-gzip') return allowed;
    if (coding === '*') wildcard = allowed;
  }
  return wildcard === true;
}
