import { nodeBuiltin, validateMetricName } from '../../core';

export type JsonMetricType = 'gauge' | 'counter' | 'stateset' | 'info';

/** How one field of the status JSON becomes a metric. */
export interface JsonMetricMapping {
  /** Dotted path to the field, e.g. `db.connections.active`. */
  readonly field: string;
  /** Metric name (a counter's `_total` and an info's `_info` suffix are optional). */
  readonly metric: string;
  readonly type: JsonMetricType;
  readonly help?: string;
  /** For `stateset`: every state the string field can take. */
  readonly states?: readonly string[];
}

const TYPES: readonly JsonMetricType[] = ['gauge', 'counter', 'stateset', 'info'];

export class JsonMappingError extends Error {
  override name = 'JsonMappingError';
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((s) => typeof s === 'string' && s !== '');
}

function checkEntry(entry: unknown, where: string): JsonMetricMapping {
  if (entry === null || typeof entry !== 'object') throw new JsonMappingError(`${where}: must be an object`);
  const e = entry as Record<string, unknown>;
  if (typeof e.field !== 'string' || e.field === '') {
    throw new JsonMappingError(`${where}: "field" must be a non-empty path like "db.connections.active"`);
  }
  const what = `${where} (field "${e.field}")`;
  if (typeof e.metric !== 'string' || !validateMetricName(e.metric)) {
    throw new JsonMappingError(
      `${what}: "metric" must be a valid metric name, got ${JSON.stringify(e.metric)}`,
    );
  }
  if (!TYPES.includes(e.type as JsonMetricType)) {
    throw new JsonMappingError(
      `${what}: "type" must be one of ${TYPES.join(', ')}, got ${JSON.stringify(e.type)}`,
    );
  }
  if (e.help !== undefined && typeof e.help !== 'string') {
    throw new JsonMappingError(`${what}: "help" must be a string`);
  }
  if (e.type === 'stateset' && !isStringList(e.states)) {
    throw new JsonMappingError(`${what}: a stateset needs "states", a non-empty list of state names`);
  }
  return {
    field: e.field,
    metric: e.metric,
    type: e.type as JsonMetricType,
    help: e.help as string | undefined,
    states: e.type === 'stateset' ? [...(e.states as string[])] : undefined,
  };
}

/**
 * Checks a mapping document: `{ "metrics": [ { field, metric, type, help?, states? }, ... ] }`
 * (a bare list is accepted too). Errors name the entry and what is wrong.
 */
export function parseMapping(document: unknown, source = 'mapping'): JsonMetricMapping[] {
  const list = Array.isArray(document) ? document : (document as { metrics?: unknown } | null)?.metrics;
  if (!Array.isArray(list)) {
    throw new JsonMappingError(`${source}: expected {"metrics": [...]} or a list of metric mappings`);
  }
  const entries = list.map((entry, i) => checkEntry(entry, `${source}: metrics[${i}]`));
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.metric)) throw new JsonMappingError(`${source}: metric "${e.metric}" is mapped twice`);
    seen.add(e.metric);
  }
  return entries;
}

export function loadMappingFile(path: string): JsonMetricMapping[] {
  let text: string;
  try {
    text = nodeBuiltin('node:fs', 'loadMappingFile').readFileSync(path, 'utf8');
  } catch (error) {
    throw new JsonMappingError(`cannot read mapping file ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new JsonMappingError(`mapping file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseMapping(document, path);
}
