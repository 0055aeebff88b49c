import * as prometheusIo from '@prometheus-io/client';
import * as promClient from 'prom-client';
import * as promkit from '../lib';
import { formatNs, measure, performanceNowPairs, printTable, type Row } from './harness';

/**
 * A timer's cost: `startTimer()` and its end function on a histogram child,
 * side by side with prom-client and @prometheus-io/client. promkit reads the
 * clock that fake timers replace at every call; the floor row is two bare
 * `performance.now()` reads, what any timer costs at least.
 */

type Lib = typeof promkit;
const LIBRARIES: Record<string, Lib> = {
  promkit,
  'prom-client': promClient as unknown as Lib,
  '@prometheus-io/client': prometheusIo as unknown as Lib,
};
const CALLS = 500_000;

function timerLoop(lib: Lib): (n: number) => void {
  const histogram = new lib.Histogram({
    name: 'timer_seconds',
    help: 'h',
    labelNames: ['route'],
    registers: [],
  });
  const child = histogram.labels('/orders');
  return (n) => {
    let total = 0;
    for (let i = 0; i < n; i++) total += child.startTimer()();
    if (!(total >= 0)) throw new Error('timer went backwards');
  };
}

export async function runTimerBench(): Promise<string> {
  const cells: Record<string, string> = {};
  const times: Record<string, number> = {};
  for (const [name, lib] of Object.entries(LIBRARIES)) {
    times[name] = measure(timerLoop(lib), CALLS).nsPerOp;
    cells[name] = formatNs(times[name]);
  }
  cells['vs prom-client'] = `${(times['prom-client'] / times.promkit).toFixed(1)}×`;
  const rows: Row[] = [
    { operation: 'histogram child: startTimer() + end()', cells },
    {
      operation: 'floor: two performance.now() reads',
      cells: { promkit: formatNs(measure(performanceNowPairs, CALLS).nsPerOp) },
    },
  ];
  return printTable('Timers (time per timed call)', [...Object.keys(LIBRARIES), 'vs prom-client'], rows);
}

if (require.main === module) runTimerBench();
