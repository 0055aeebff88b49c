import { type Gauge, MetricConfigError, now } from '../core';
import { type MetricDecorator, metricDecorator } from './metric-decorator';
import type { TimedOptions } from './options';

/** One call running now: when it started, and the runs of its series it is listed in. */
interface ActiveRun {
  readonly start: number;
  readonly runs: Set<ActiveRun>;
}

/** A series of the declared gauge: its labels are those of the calls it counts. */
interface LabelledSeries {
  readonly labelNames: readonly string[];
  readonly labelValues: readonly string[];
  set(value: number): void;
}

/** The calls running now, by the `_active_tasks` metric and series they are counted in. */
type ActiveCalls = Map<string, Map<LabelledSeries, Set<ActiveRun>>>;

/**
 * A long task timer, as Micrometer's: while calls run, how many are running
 * and the sum and maximum of how long they have been running, computed at
 * scrape time, so a call that hangs shows before it returns. Exposed as
 * three gauges, `<name>_active_tasks`, `<name>_active_seconds` and
 * `<name>_active_max_seconds`, where `<name>` defaults to `<class>_<method>`.
 * The same as `@Timed({ longTask: true })`.
 */
export function LongTaskTimed(options: Omit<TimedOptions, 'longTask'> = {}): MetricDecorator {
  const where = `@LongTaskTimed${options.name ? ` ("${options.name}")` : ''}`;
  for (const key of ['type', 'buckets', 'native', 'percentiles', 'exemplars'] as const) {
    if (options[key] !== undefined) {
      throw new MetricConfigError(
        `${where}: ${key} does not apply to a long task timer (its metrics are gauges)`,
      );
    }
  }
  const active: ActiveCalls = new Map();
  return metricDecorator({
    decorator: 'Timed',
    options,
    nameSuffix: '',
    defaultHelp: (method) => `Calls of ${method} running now.`,
    outcomeLabels: [],
    recordsSuccess: true,
    recordsFailure: false,
    declare: (base) => ({
      type: 'gauge',
      ...base,
      name: `${base.name}_active_tasks`,
      collect(this: Gauge) {
        for (const [series, runs] of active.get(this.name) ?? []) series.set(runs.size);
      },
    }),
    companions: (base, tasks) => [
      activeGauge(active, tasks, `${base.name}_active_seconds`, base.labelNames, 'summed', sumSeconds),
      activeGauge(
        active,
        tasks,
        `${base.name}_active_max_seconds`,
        base.labelNames,
        'the longest',
        maxSeconds,
      ),
    ],
    begin(source) {
      const series = source.seriesAt(false, undefined) as LabelledSeries;
      let bySeries = active.get(source.metricName);
      if (bySeries === undefined) active.set(source.metricName, (bySeries = new Map()));
      let runs = bySeries.get(series);
      if (runs === undefined) bySeries.set(series, (runs = new Set()));
      const run: ActiveRun = { start: now(), runs };
      runs.add(run);
      return run;
    },
    end: (_source, run) => (run as ActiveRun).runs.delete(run as ActiveRun),
    cancel: (_source, run) => (run as ActiveRun).runs.delete(run as ActiveRun),
  });
}

function activeGauge(
  active: ActiveCalls,
  tasks: string,
  name: string,
  labelNames: readonly string[],
  which: string,
  stat: (runs: Set<ActiveRun>, at: number) => number,
) {
  return {
    type: 'gauge' as const,
    name,
    help: `Seconds the calls counted in ${tasks} have been running, ${which}.`,
    labelNames,
    collect(this: Gauge) {
      const at = now();
      for (const [series, runs] of active.get(tasks) ?? []) {
        this.set(labelsOf(series), stat(runs, at));
      }
    },
  };
}

function labelsOf(series: LabelledSeries): Record<string, string> {
  const labels: Record<string, string> = {};
  series.labelNames.forEach((name, i) => {
    labels[name] = series.labelValues[i];
  });
  return labels;
}

function sumSeconds(runs: Set<ActiveRun>, at: number): number {
  let total = 0;
  for (const run of runs) total += at - run.start;
  return total / 1000;
}

function maxSeconds(runs: Set<ActiveRun>, at: number): number {
  let longest = 0;
  for (const run of runs) longest = Math.max(longest, at - run.start);
  return longest / 1000;
}
