/**
 * Sample values and `le`/`quantile` labels must be written the way Prometheus'
 * own Go code writes them (`strconv.FormatFloat(v, 'g', -1, 64)`), so series
 * produced by this library are byte-identical to those of client_golang and the
 * same `le` value never shows up as two different label values.
 */

/**
 * Go's shortest `%g` switches to exponent form when the decimal exponent is
 * < -4 or >= 6 (Go uses precision 6 for that decision when formatting the
 * shortest representation), e.g. 1e6 -> `1e+06`, 123456789 -> `1.23456789e+08`.
 */
export function formatNumber(v: number): string {
  // In [1e-4, 1e6) JavaScript and Go agree: both print the shortest round-trip
  // digits in positional notation. This covers almost every real sample value.
  if ((v >= 1e-4 && v < 1e6) || (v <= -1e-4 && v > -1e6)) return String(v);
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  // Everything else is exponent form in Go. toExponential() without an argument
  // gives the same shortest round-trip digits; Go pads the exponent to two digits.
  const s = v.toExponential();
  const e = s.indexOf('e');
  const sign = s.charCodeAt(e + 1) === 45 /* - */ ? '-' : '+';
  const digits = s.slice(e + 2);
  return s.slice(0, e + 1) + sign + (digits.length < 2 ? '0' + digits : digits);
}

/**
 * OpenMetrics `le` and `quantile` values, written as Python's prometheus_client
 * `floatToGoString` does: the Go form, plus `.0` for integral values without an
 * exponent (1 -> `1.0`). Prometheus matches OpenMetrics buckets by string, so
 * this keeps our buckets identical to those of other OpenMetrics clients.
 */
export function formatCanonical(v: number): string {
  const s = formatNumber(v);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // '.', 'e' (exponent) and 'I'/'N' (+Inf, -Inf, NaN) all mean "already canonical".
    if (c === 46 || c === 101 || c === 73 || c === 78) return s;
  }
  return s + '.0';
}
