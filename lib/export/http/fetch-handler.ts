import { checkOptions, getDefaultRegistry, instanceOf, Registry, shape } from '../../core';
import { SCRAPE_RESPONSE_OPTION_RULES, type ScrapeResponseOptions } from './endpoint-options';
import { type ScrapeRequest, type ScrapeResponse, scrapeResponder } from './scrape-response';

/** Options of `metricsFetchHandler`: the registry to serve and how to answer scrapes. */
export interface FetchHandlerOptions extends ScrapeResponseOptions {
  /** Default: the global registry. */
  readonly registry?: Registry<any>;
}

const fetchHandlerRule = shape<FetchHandlerOptions>({
  ...SCRAPE_RESPONSE_OPTION_RULES,
  registry: instanceOf(Registry, 'a Registry'),
});

/** What a Fetch API request says about the scrape, as the node:http adapter reads `req`. */
function scrapeRequestOf(request: Request): ScrapeRequest {
  const url = new URL(request.url);
  const { headers } = request;
  return {
    accept: headers.get('accept') ?? undefined,
    acceptEncoding: headers.get('accept-encoding') ?? undefined,
    url: url.pathname + url.search,
    method: request.method,
    authorization: headers.get('authorization') ?? undefined,
  };
}

function fetchResponseOf(response: ScrapeResponse, method: string): Response {
  const body = method === 'HEAD' || response.body.length === 0 ? null : response.body;
  return new Response(body, {
    status: response.status,
    headers: response.headers,
    // Cloudflare Workers compress a body again when it carries Content-Encoding unless told it already is.
    encodeBody: 'manual',
  } as ResponseInit);
}

/**
 * A scrape endpoint for any runtime with the Fetch API: Hono, `Bun.serve`,
 * `Deno.serve`, Next.js route handlers, Cloudflare Workers. It answers as the
 * node:http endpoints do (auth, GET/HEAD, format negotiation, `name[]`,
 * gzip, the cap on scrapes in flight), from the same code; routing is the
 * caller's: every request it is given is a scrape.
 */
export function metricsFetchHandler(
  options: FetchHandlerOptions = {},
): (request: Request) => Promise<Response> {
  checkOptions<FetchHandlerOptions>('metricsFetchHandler()', fetchHandlerRule, options);
  const respond = scrapeResponder(options.registry ?? getDefaultRegistry(), options);
  return async (request) =>
    fetchResponseOf(await respond(scrapeRequestOf(request)), request.method.toUpperCase());
}
