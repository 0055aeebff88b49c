/**
 * Default metric names are `<class>_<method>_<suffix>` in snake_case, e.g.
 * `OrdersService.createOrder` + `duration_seconds` gives
 * `orders_service_create_order_duration_seconds`. Word boundaries are
 * camelCase humps and acronym ends (`HTTPClient` -> `http_client`); any other
 * character becomes `_`, runs of `_` collapse, and a leading digit gets a `_`
 * prefix, so the result is always a valid Prometheus name.
 */
export function defaultMetricName(className: string, methodName: string, suffix: string): string {
  const name = [snakeCase(className), snakeCase(methodName), suffix].filter((part) => part !== '').join('_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

export function snakeCase(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^a-zA-Z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
}

/** How errors and help texts name a decorated method: `OrdersService.createOrder`. */
export function methodLabel(className: string, methodName: string): string {
  return className ? `${className}.${methodName}` : methodName;
}
