import { Counter, Registry } from 'promkit';
import { scrapeResponse } from '../../lib/export';

const registry = new Registry();
new Counter({ name: 'jobs_total', help: 'Jobs.', registers: [registry] }).inc();

const basicAuth = { username: 'prom', password: 's3cret' };
const token = Buffer.from('prom:s3cret').toString('base64');

const status = async (authorization: string | undefined, auth: object, method = 'GET') =>
  (await scrapeResponse(registry, { authorization, method }, { auth: auth as never })).status;

describe('the Authorization scheme is matched case-insensitively (RFC 7235), the credentials exactly', () => {
  it.each(['Basic', 'basic', 'BASIC', 'bAsIc'])('%s', async (scheme) => {
    expect(await status(`${scheme} ${token}`, basicAuth)).toBe(200);
    expect(await status(`${scheme}  ${token} `, basicAuth)).toBe(200);
  });

  it.each(['Bearer', 'bearer', 'BEARER'])('%s', async (scheme) => {
    expect(await status(`${scheme} t0ken`, { bearer: 't0ken' })).toBe(200);
    expect(await status(`${scheme} T0KEN`, { bearer: 't0ken' })).toBe(401);
  });

  it('refuses the right secret under the other scheme, a missing scheme and extra parts', async () => {
    expect(await status(`Bearer ${token}`, basicAuth)).toBe(401);
    expect(await status('Basic t0ken', { bearer: 't0ken' })).toBe(401);
    expect(await status(token, basicAuth)).toBe(401);
    expect(await status(`Basic ${token} extra`, basicAuth)).toBe(401);
    expect(await status(`Basic ${token.toLowerCase()}`, basicAuth)).toBe(401);
    expect(await status(undefined, basicAuth)).toBe(401);
  });
});

describe('credentials are checked before the method', () => {
  it('answers 401 to any method without credentials, and 405 only to an authorized client', async () => {
    const unauthorized = await scrapeResponse(registry, { method: 'POST' }, { auth: { bearer: 't0ken' } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers['WWW-Authenticate']).toBe('Bearer realm="metrics"');
    expect(unauthorized.headers.Allow).toBeUndefined();
    const authorized = await scrapeResponse(
      registry,
      { method: 'POST', authorization: 'bearer t0ken' },
      { auth: { bearer: 't0ken' } },
    );
    expect(authorized.status).toBe(405);
    expect(authorized.headers.Allow).toBe('GET, HEAD');
  });
});
