/**
 * Where Express routed a request, kept from the moment it matched a route.
 *
 * Express sets `req.route` when a route matches, and `req.baseUrl` to the
 * mount path of the router that holds it; but a request that leaves that
 * router (a thrown error, or `next()` with nothing else matching there) gets
 * the parent's `baseUrl` back while `req.route` stays. Read when the
 * response ends, the two would then name the route without its mount. So the
 * mount path is taken when `req.route` is set, by an accessor installed once
 * on the app's request prototype (mounted apps inherit it): nothing more is
 * done per request than storing what Express already computed.
 */

/** The parts of an Express request the route is read from. */
export interface ExpressRoutedRequest {
  baseUrl?: string;
  route?: { path?: unknown };
}

const ROUTED = Symbol('promkit.http-metrics.express-routed');
/** Marks a prototype already looked at, whether the accessor went on it or not. */
const SEEN = Symbol('promkit.http-metrics.express-request-seen');

/** A route Express matched and the mount path of its router at that moment. */
interface Routed {
  readonly route: { path?: unknown } | undefined;
  readonly mount: string | undefined;
}

interface TrackedRequest extends ExpressRoutedRequest {
  [ROUTED]?: Routed;
}

/**
 * One property with both rather than two: Express gives every request a map
 * of its own, so each property added to one builds a new map, which costs
 * far more than the small object.
 */
const routeAccessor: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: TrackedRequest) {
    return this[ROUTED]?.route;
  },
  set(this: TrackedRequest, route: { path?: unknown } | undefined) {
    this[ROUTED] = { route, mount: this.baseUrl };
  },
};

/**
 * Installs the accessor on the prototype Express gave `req` (its app's
 * `request`), once. Leaves alone a request that is not Express's (its
 * prototype has no `app`) or a prototype whose `route` someone else defined.
 */
export function trackExpressRoutes(req: object): void {
  const prototype = Object.getPrototypeOf(req) as Record<PropertyKey, unknown> | null;
  if (prototype === null || prototype[SEEN] === true) return;
  try {
    if (Object.hasOwn(prototype, 'app') && !('route' in prototype))
      Object.defineProperty(prototype, 'route', routeAccessor);
    Object.defineProperty(prototype, SEEN, { value: true });
  } catch {
    // A frozen prototype: the route is read as Express leaves it, without the mount of a router left early.
  }
}

/**
 * The template of the route `req` matched (the mount path of its router plus
 * the route's own path), undefined when none did.
 */
export function expressRouteOf(req: ExpressRoutedRequest): string | undefined {
  // One read where the accessor keeps its record: every property read of an
  // Express request misses V8's caches, each request having its own map.
  const routed = (req as TrackedRequest)[ROUTED];
  const path = (routed === undefined ? req.route : routed.route)?.path;
  if (path === undefined) return undefined;
  const own = typeof path === 'string' ? path : String(path);
  const base = (routed === undefined ? req.baseUrl : routed.mount) ?? '';
  return base !== '' && own === '/' ? base : base + own;
}
