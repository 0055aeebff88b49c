import { anyString, nonEmptyString, type ShapeFields, shape } from '../../core';

/** Credentials a metrics endpoint asks for: HTTP Basic (username and password) or a Bearer token. */
export type MetricsAuth =
  | { readonly username: string; readonly password: string }
  | { readonly bearer: string };

/** `MetricsAuth` is a union: one shape with both forms' keys, and a check that exactly one form is given. */
const authFields: ShapeFields<{ username: string; password: string; bearer: string }> = {
  username: anyString,
  password: anyString,
  bearer: nonEmptyString,
};

/** What an `auth` option accepts, for option checks of the endpoints that take one. */
export const METRICS_AUTH_RULE = shape(authFields, {
  allowed: '{ username, password } or { bearer }',
  refine(value, path) {
    const basic = value.username !== undefined || value.password !== undefined;
    if (basic && value.bearer !== undefined) {
      return `${path} takes either username and password or bearer, not both`;
    }
    if (value.bearer !== undefined) return undefined;
    if (value.username === undefined || value.password === undefined) {
      return `${path} needs username and password (basic auth) or bearer (a token), got ${basic ? 'only one of username and password' : 'neither'}`;
    }
    return undefined;
  },
});

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/**
 * Hashing first makes the comparison take the same time whatever the lengths,
 * and every byte of the digests is compared, without stopping at the first
 * difference. Web Crypto, so every runtime promkit serves from has it.
 */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}

/** What the configured credentials look like on the wire, after the scheme. */
function expectedCredentials(auth: MetricsAuth): string {
  if ('bearer' in auth) return auth.bearer;
  return Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
}

/** `<scheme> <credentials>`: the scheme is a token compared case-insensitively (RFC 7235), the credentials exactly. */
const AUTHORIZATION = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) +(\S+) *$/;

/** True when the Authorization header carries exactly the configured credentials, in their scheme. */
export async function isAuthorized(authorization: string | undefined, auth: MetricsAuth): Promise<boolean> {
  const given = AUTHORIZATION.exec(authorization ?? '');
  const scheme = 'bearer' in auth ? 'bearer' : 'basic';
  // The secret is compared whatever the scheme, so a wrong scheme answers no faster than a wrong secret.
  const sameCredentials = await sameSecret(given?.[2] ?? '', expectedCredentials(auth));
  return sameCredentials && given?.[1].toLowerCase() === scheme;
}

/** The challenge a 401 answer carries, matching the configured scheme. */
export function authChallenge(auth: MetricsAuth): string {
  return 'bearer' in auth ? 'Bearer realm="metrics"' : 'Basic realm="metrics", charset="UTF-8"';
}
