import { assertWellFormed } from '../../core';

const URL_RULE = 'grouping keys and values must be well-formed Unicode';

/**
 * One `/name/value` path segment pair for the Pushgateway URL. Values the
 * plain form cannot carry use the gateway's `name@base64/<url-safe base64>`
 * form, as the Python client does: an empty string, a `/`, and `.` or `..`,
 * which URL parsers and proxies resolve as dot segments (`{x: '..'}` would
 * otherwise address the job's whole group).
 */
export function groupingSegment(name: string, value: string): string {
  // A URL carries both as UTF-8, which a lone surrogate does not have (encodeURIComponent throws a bare URIError).
  const key = `Pushgateway grouping key ${JSON.stringify(name)}`;
  assertWellFormed(key, name, URL_RULE);
  assertWellFormed(`${key}: the value`, value, URL_RULE);
  if (value === '') return `/${encodeURIComponent(name)}@base64/=`;
  if (value.includes('/') || value === '.' || value === '..') {
    return `/${encodeURIComponent(name)}@base64/${Buffer.from(value, 'utf8').toString('base64url')}`;
  }
  return `/${encodeURIComponent(name)}/${encodeURIComponent(value)}`;
}

/** `/metrics/job/<job>[/<label>/<value>...]` relative to the gateway's base path. */
export function groupingPath(jobName: string, groupings: Record<string, string> | undefined): string {
  let path = `/metrics${groupingSegment('job', jobName)}`;
  for (const [name, value] of Object.entries(groupings ?? {})) path += groupingSegment(name, String(value));
  return path;
}
