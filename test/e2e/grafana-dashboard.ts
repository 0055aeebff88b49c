import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads a Grafana dashboard the way Grafana runs it against Prometheus:
 * its panels (inside rows too), their PromQL targets, its query variables
 * (`label_values(selector, label)` with an optional `/regex/`), repeated
 * panels and the interpolation of `$var`, `${var}` and the built-in
 * intervals. Only what dashboards/promkit.json uses; anything else is an
 * error, so the test cannot silently skip a query it does not understand.
 */

export interface GrafanaTarget {
  readonly refId: string;
  readonly expr: string;
  readonly datasource?: { readonly type?: string; readonly uid?: string };
  /** Grafana also asks Prometheus for the exemplars of the query's series. */
  readonly exemplar?: boolean;
}

export interface GrafanaPanel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly datasource?: { readonly type?: string; readonly uid?: string };
  readonly targets?: readonly GrafanaTarget[];
  readonly repeat?: string;
  readonly panels?: readonly GrafanaPanel[];
}

export interface GrafanaVariable {
  readonly name: string;
  readonly type: string;
  readonly definition?: string;
  readonly regex?: string;
  readonly multi?: boolean;
  readonly includeAll?: boolean;
}

export interface GrafanaDashboard {
  readonly title: string;
  readonly uid: string;
  readonly panels: readonly GrafanaPanel[];
  readonly templating: { readonly list: readonly GrafanaVariable[] };
}

export const DASHBOARD_FILE = join(__dirname, '..', '..', 'dashboards', 'promkit.json');

export function readDashboard(file = DASHBOARD_FILE): GrafanaDashboard {
  return JSON.parse(readFileSync(file, 'utf8')) as GrafanaDashboard;
}

/** Every panel, rows' nested panels included, rows themselves left out. */
export function panelsOf(dashboard: GrafanaDashboard): GrafanaPanel[] {
  return dashboard.panels.flatMap((panel) => (panel.type === 'row' ? [...(panel.panels ?? [])] : [panel]));
}

/** Values of the interval variables Grafana computes itself, sized for a test of a minute or two. */
const BUILT_IN: Record<string, string> = { __rate_interval: '1m', __interval: '15s', __range: '5m' };

const REFERENCE = /\$\{(\w+)\}|\$(\w+)|\[\[(\w+)\]\]/g;

/** The names of the variables `text` refers to, built-ins left out. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(REFERENCE)].map((m) => m[1] ?? m[2] ?? m[3]).filter((name) => !(name in BUILT_IN));
}

/**
 * Grafana's escaping of one of several selected values for Prometheus: regex
 * metacharacters get a backslash, itself doubled for the PromQL string.
 */
function escapeForRegexString(value: string): string {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
}

/**
 * `text` with its variables replaced as Grafana does for Prometheus when
 * several values are selected: a regex alternation of the escaped values;
 * `single` (the variable a repeated panel is repeated over) gets its one
 * value as is.
 */
export function interpolate(
  text: string,
  values: ReadonlyMap<string, readonly string[]>,
  single?: { readonly name: string; readonly value: string },
): string {
  return text.replace(REFERENCE, (_match, braced, plain, bracketed) => {
    const name: string = braced ?? plain ?? bracketed;
    if (name in BUILT_IN) return BUILT_IN[name];
    if (single?.name === name) return single.value;
    const current = values.get(name);
    if (current === undefined) throw new Error(`"${text}" refers to an unknown variable $${name}`);
    if (current.length === 0) throw new Error(`"${text}" refers to $${name}, which has no values`);
    return `(${current.map(escapeForRegexString).join('|')})`;
  });
}

const LABEL_VALUES = /^label_values\((.+),\s*([A-Za-z_][A-Za-z0-9_]*)\)$/;

/** A variable's `/pattern/flags` filter: drops what does not match, keeps the first group when there is one. */
function applyRegex(values: readonly string[], regex: string | undefined): string[] {
  if (!regex) return [...values];
  const literal = /^\/(.*)\/([a-z]*)$/.exec(regex);
  if (literal === null) throw new Error(`variable regex ${regex} is not of the form /pattern/flags`);
  const pattern = new RegExp(literal[1], literal[2]);
  return values.flatMap((value) => {
    const match = pattern.exec(value);
    return match === null ? [] : [match[1] ?? match[0]];
  });
}

/**
 * Resolves the query variables in order (later ones may use earlier ones),
 * each with every value selected, as `All` would.
 */
export async function resolveVariables(
  dashboard: GrafanaDashboard,
  labelValues: (label: string, selector: string) => Promise<string[]>,
): Promise<Map<string, string[]>> {
  const values = new Map<string, string[]>();
  for (const variable of dashboard.templating.list) {
    if (variable.type === 'datasource') continue;
    if (variable.type !== 'query')
      throw new Error(`variable ${variable.name}: type ${variable.type} is not supported`);
    const query = LABEL_VALUES.exec(variable.definition ?? '');
    if (query === null) throw new Error(`variable ${variable.name}: cannot run "${variable.definition}"`);
    const found = await labelValues(query[2], interpolate(query[1], values));
    values.set(variable.name, [...new Set(applyRegex(found, variable.regex))].sort());
  }
  return values;
}

export interface PanelQuery {
  /** The panel's title as Grafana shows it (a repeated panel's with its value). */
  readonly panel: string;
  readonly refId: string;
  readonly promql: string;
  /** Whether Grafana also runs it as an exemplar query. */
  readonly exemplar: boolean;
}

/** Every query the dashboard runs, variables substituted, one per value of a repeated panel. */
export function panelQueries(
  dashboard: GrafanaDashboard,
  values: ReadonlyMap<string, readonly string[]>,
): PanelQuery[] {
  return panelsOf(dashboard).flatMap((panel) => {
    const repeats = panel.repeat
      ? (values.get(panel.repeat) ?? []).map((value) => ({ name: panel.repeat as string, value }))
      : [undefined];
    return repeats.flatMap((single) =>
      (panel.targets ?? []).map((target) => ({
        panel: interpolate(panel.title, values, single),
        refId: target.refId,
        promql: interpolate(target.expr, values, single),
        exemplar: target.exemplar === true,
      })),
    );
  });
}
