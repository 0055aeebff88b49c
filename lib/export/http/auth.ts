import { createHash, timingSafeEqual } from 'node:crypto';

export type MetricsAuth =
  | { readonly username: string; readonly password: string }
  | { readonly bearer: string };

/** Hashing first makes the comparison constant-time even when the lengths differ. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function expectedAuthorization(auth: MetricsAuth): string {
  if ('bearer' in auth) return `Bearer ${auth.bearer}`;
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
}

/** True when the Authorization header carries exactly the configured credentials. */
export function isAuthorized(authorization: string | undefined, auth: MetricsAuth): boolean {
  return sameSecret(authorization ?? '', expectedAuthorization(auth));
}

/** The challenge a 401 answer carries, matching the configured scheme. */
export function authChallenge(auth: MetricsAuth): string {
  return 'bearer' in auth ? 'Bearer realm="metrics"' : 'Basic realm="metrics", charset="UTF-8"';
}
