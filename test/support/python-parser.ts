import { commandSucceeds, type ExternalTool, runWithInput } from './external-tool';

const PYTHON = '/usr/bin/python3';

let available: boolean | undefined;

/** Python's prometheus_client parsers (Debian package `python3-prometheus-client`). */
export const pythonPrometheusClient: ExternalTool = {
  name: `${PYTHON} with prometheus_client`,
  debianPackage: 'python3-prometheus-client',
  available: () =>
    (available ??= commandSucceeds(PYTHON, ['-c', 'import prometheus_client.openmetrics.parser'])),
};

export interface ParsedExemplar {
  readonly labels: Record<string, string>;
  readonly value: number;
  /** Seconds, or null. */
  readonly timestamp: number | null;
}

export interface ParsedSample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
  /** Seconds (the Python parsers convert text-format milliseconds), or null. */
  readonly timestamp: number | null;
  readonly exemplar: ParsedExemplar | null;
}

/**
 * One family as prometheus_client represents it. Note its conventions: counter
 * families are named without `_total`, text-format `untyped` becomes
 * `unknown`, and the text parser renames counter samples to `<name>_total`.
 */
export interface ParsedFamily {
  readonly name: string;
  readonly type: string;
  readonly unit: string;
  readonly help: string;
  readonly samples: readonly ParsedSample[];
}

// Non-finite floats are not JSON, so they travel as strings and are converted back below.
const SCRIPT = `
import json, math, sys
from prometheus_client.parser import text_string_to_metric_families as parse_text
from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_om

def num(v):
    v = float(v)
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return '+Inf' if v > 0 else '-Inf'
    return v

def ts(t):
    return None if t is None else float(t)

def exemplar(e):
    if e is None:
        return None
    return {'labels': e.labels, 'value': num(e.value), 'timestamp': ts(e.timestamp)}

text = sys.stdin.buffer.read().decode('utf-8')
parse = parse_om if sys.argv[1] == 'openmetrics' else parse_text
try:
    families = [
        {
            'name': f.name,
            'type': f.type,
            'unit': f.unit,
            'help': f.documentation,
            'samples': [
                {
                    'name': s.name,
                    'labels': s.labels,
                    'value': num(s.value),
                    'timestamp': ts(s.timestamp),
                    'exemplar': exemplar(s.exemplar),
                }
                for s in f.samples
            ],
        }
        for f in parse(text)
    ]
except Exception as e:
    sys.stdout.write(json.dumps({'error': '%s: %s' % (type(e).__name__, e)}))
    sys.exit(1)
sys.stdout.write(json.dumps({'families': families}))
`;

function toNumber(v: number | string): number {
  return typeof v === 'number' ? v : v === 'NaN' ? Number.NaN : v === '+Inf' ? Infinity : -Infinity;
}

async function parseWithPython(mode: 'openmetrics' | 'text', text: string): Promise<ParsedFamily[]> {
  const result = await runWithInput(PYTHON, ['-c', SCRIPT, mode], text);
  let parsed: { families?: any[]; error?: string };
  try {
    parsed = JSON.parse(result.stdout);
  } catch {
    throw new Error(`python3 exited with ${result.code}: ${result.stderr || result.stdout}`);
  }
  if (parsed.error !== undefined || parsed.families === undefined) {
    throw new Error(`prometheus_client (${mode}) rejected the input: ${parsed.error}`);
  }
  return parsed.families.map((f) => ({
    ...f,
    samples: f.samples.map((s: any) => ({
      ...s,
      value: toNumber(s.value),
      exemplar: s.exemplar === null ? null : { ...s.exemplar, value: toNumber(s.exemplar.value) },
    })),
  }));
}

/**
 * Parses with prometheus_client.openmetrics.parser, a strict OpenMetrics
 * parser (it requires `# EOF`, checks histogram consistency, exemplar length,
 * canonical `+Inf`). Rejects with the parser's error message.
 */
export function parseOpenMetricsWithPython(text: string): Promise<ParsedFamily[]> {
  return parseWithPython('openmetrics', text);
}

/** Parses with prometheus_client.parser, a lax text format 0.0.4 parser. */
export function parsePrometheusTextWithPython(text: string): Promise<ParsedFamily[]> {
  return parseWithPython('text', text);
}
