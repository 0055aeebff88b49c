// Bench child: a Node cluster whose WORKERS workers each hold SERIES counter
// series in promkit and the same in prom-client. The primary times each
// library's merged scrape in alternating rounds, once with nothing changed
// since the last scrape and once with every series incremented in between,
// and prints one JSON line: wall time, and CPU time summed over the primary
// and all workers (which a busy machine inflates far less than wall time).
const cluster = require('node:cluster');
const promkit = require(process.env.PROMKIT_BUNDLE);
const promClient = require('prom-client');

const workers = Number(process.env.WORKERS ?? 8);
const series = Number(process.env.SERIES ?? 10_000);
const rounds = Number(process.env.ROUNDS ?? 5);

// Both libraries' aggregators exist in every process, as their docs ask.
const ours = new promkit.AggregatorRegistry(undefined, { timeout: 60_000, checkpointInterval: 0 });
const theirs = new promClient.AggregatorRegistry();

if (cluster.isPrimary) {
  let ready = 0;
  let touched = 0;
  let onTouched;
  let reported = 0;
  let cpuTotal = 0;
  let onCpu;
  for (let i = 0; i < workers; i++) {
    cluster.fork().on('message', (m) => {
      if (m === 'bench-ready' && ++ready === workers) run();
      if (m === 'bench-touched' && ++touched === workers) onTouched();
      if (m && typeof m.cpu === 'number') {
        cpuTotal += m.cpu;
        if (++reported === workers) onCpu();
      }
    });
  }
  const cpuOf = ({ user, system }) => (user + system) / 1000;
  /** CPU milliseconds used so far by the primary and every worker. */
  const cpuNow = () =>
    new Promise((resolve) => {
      reported = 0;
      cpuTotal = 0;
      onCpu = () => resolve(cpuTotal + cpuOf(process.cpuUsage()));
      for (const w of Object.values(cluster.workers)) w.send('bench-cpu');
    });
  /** Every worker increments every series, in both libraries. */
  const touchAll = () =>
    new Promise((resolve) => {
      touched = 0;
      onTouched = resolve;
      for (const w of Object.values(cluster.workers)) w.send('bench-touch');
    });
  const time = async (fn) => {
    // A pause first, so the garbage the previous scrape left (prom-client's is large) is collected
    // in the background rather than during this one.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const cpu = await cpuNow();
    const start = process.hrtime.bigint();
    const text = await fn();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { ms, cpu: (await cpuNow()) - cpu, text };
  };
  const total = (text) =>
    text
      .split('\n')
      .filter((l) => l.startsWith('bench_requests_total{'))
      .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  async function run() {
    const kinds = () => ({ promkit: [], 'prom-client': [], promkitCpu: [], 'prom-clientCpu': [] });
    const result = { unchanged: kinds(), changed: kinds() };
    const record = (into, lib, t) => {
      into[lib].push(t.ms);
      into[`${lib}Cpu`].push(t.cpu);
    };
    // A first scrape of each, and a check that both merged the same totals.
    const a = await time(() => ours.clusterMetrics());
    const b = await time(() => theirs.clusterMetrics());
    result.agree = total(a.text) === total(b.text) && total(a.text) > 0;
    // Two rounds more than measured: the first snapshots are whole, and only the rounds after
    // them run (and compile) the code paths of changes; those warm-up rounds are not recorded.
    const warmUp = 2;
    const skip = { unchanged: kinds(), changed: kinds() };
    for (let r = -warmUp; r < rounds; r++) {
      const into = r < 0 ? skip : result;
      record(into.unchanged, 'promkit', await time(() => ours.clusterMetrics()));
      record(into.unchanged, 'prom-client', await time(() => theirs.clusterMetrics()));
      await touchAll();
      record(into.changed, 'promkit', await time(() => ours.clusterMetrics()));
      await touchAll();
      record(into.changed, 'prom-client', await time(() => theirs.clusterMetrics()));
    }
    const last = await time(() => ours.clusterMetrics());
    const other = await time(() => theirs.clusterMetrics());
    result.agree = result.agree && total(last.text) === total(other.text);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    for (const w of Object.values(cluster.workers)) w.kill();
    process.exit(0);
  }
} else {
  const side = Math.ceil(Math.sqrt(series));
  const labels = (i) => ({ route: `/route/${i % side}`, code: String(200 + Math.floor(i / side)) });
  const mine = new promkit.Counter({
    name: 'bench_requests_total',
    help: 'Requests',
    labelNames: ['route', 'code'],
    maxSeries: Number.POSITIVE_INFINITY,
  });
  const other = new promClient.Counter({
    name: 'bench_requests_total',
    help: 'Requests',
    labelNames: ['route', 'code'],
  });
  const mineChildren = [];
  const otherChildren = [];
  for (let i = 0; i < series; i++) {
    mineChildren.push(mine.labels(labels(i)));
    otherChildren.push(other.labels(labels(i)));
    mineChildren[i].inc(i % 7);
    otherChildren[i].inc(i % 7);
  }
  process.on('message', (m) => {
    if (m === 'bench-cpu') {
      const { user, system } = process.cpuUsage();
      process.send({ cpu: (user + system) / 1000 });
      return;
    }
    if (m !== 'bench-touch') return;
    for (let i = 0; i < series; i++) {
      mineChildren[i].inc();
      otherChildren[i].inc();
    }
    process.send('bench-touched');
  });
  process.send('bench-ready');
}
