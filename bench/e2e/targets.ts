// `npm run bench:e2e:targets`: every target of the speed issue checked by one command. Runs
// bench/e2e/run.ts five times (each its own scratch database, Redis prefix and `nova` processes), one
// after the other so that no run shares the cores with another:
//   1. Redis queues, after a warm-up of 2,000 × 1 at 1,000 a second: 2,000 × 1 at 1,000 a second (three
//      times) and as fast as possible, 200 × 10 at 100 and as fast as possible, then 20,000 × 1 as fast
//      as possible and 30 idle seconds;
//   2. webhooks of 500 messages;
//   3. the PostgreSQL queue backend (no Redis);
//   4. two processes (`nova start` and one `nova worker`) against one process, 2,000 × 1 as fast as possible;
//   5. a process that started and answered one message, after 45 idle seconds.
// Then prints each target with what was measured and whether it was met, and exits 1 when one was not
// (or when a message was sent twice). Two processes doubling the rate is shown too; the issue asks it
// "where the second core allows", so it is not among the targets of the exit status. About 10 minutes
// on two cores. The figures of each run stay in the JSON files it names, and each run's own table is on
// stdout as it finishes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/cloud.ts';

type Row = Record<string, string | number>;
interface Run {
  machine: string;
  processes: number;
  idleRssMb: number;
  settledMb: number;
  sentTwice: number;
  results: Row[];
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'nova-bench-targets-'));
const log = (line: string) => process.stderr.write(`[bench:e2e:targets] ${line}\n`);

function run(name: string, env: Record<string, string>): Run {
  const json = path.join(dir, `${name}.json`);
  log(
    `${name}: ${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  const done = spawnSync(process.execPath, ['--import', 'tsx', 'bench/e2e/run.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, BENCH_JSON: json },
    stdio: 'inherit',
  });
  if (done.status !== 0) throw new Error(`${name}: bench/e2e/run.ts exited with ${done.status}`);
  return JSON.parse(readFileSync(json, 'utf8')) as Run;
}

const scenario = (r: Run, name: string) => r.results.filter((row) => row.scenario === name);
const num = (rows: Row[], column: string) => rows.map((row) => Number(row[column]));
const range = (values: number[]) =>
  values.length === 0
    ? '–'
    : Math.min(...values) === Math.max(...values)
      ? String(Math.min(...values))
      : `${Math.min(...values)}–${Math.max(...values)}`;

// The warm-up runs at the ack runs' rate: the process is warm and the generator holds the pool of
// connections a steady 1,000-a-second sender keeps (a warm-up at max opened 60-70 fewer, and the first
// ack run then paid for opening them while Nova was busy: 260 ms p99 against 55-58 in the next two).
const redis = run('redis', {
  BENCH_WARMUP: '2000x1@1000',
  BENCH_SCENARIOS: '2000x1@1000,2000x1@1000,2000x1@1000,2000x1@max,200x10@100,200x10@max,20000x1@max',
  BENCH_SETTLE_S: '30',
});
const batch = run('batch-500', { BENCH_BATCH: '500', BENCH_SCENARIOS: '2000x1@max', BENCH_SETTLE_S: '1' });
const postgres = run('postgres-queue', { BENCH_QUEUE: 'postgres', BENCH_SCENARIOS: '2000x1@max', BENCH_SETTLE_S: '1' });
const two = run('two-processes', { BENCH_WORKERS: '1', BENCH_SCENARIOS: '2000x1@max', BENCH_SETTLE_S: '1' });
const idle = run('idle', { BENCH_WARMUP: '', BENCH_SCENARIOS: '1x1@max', BENCH_SETTLE_S: '45' });

const at1000 = scenario(redis, '2000×1 @ 1000/s');
const atMax = scenario(redis, '2000×1 @ max/s');
const slow10 = scenario(redis, '200×10 @ 100/s');
const fast10 = scenario(redis, '200×10 @ max/s');
const burst = scenario(redis, '20000×1 @ max/s');
const oneProcess = Math.max(...num(atMax, 'answered /s'));
const twoProcesses = Math.max(...num(two.results, 'answered /s'));
const jobs = [...redis.results, ...batch.results].map((row) => Number(row['jobs/msg']));

/** `informational`: asked by the issue's "what to build", not among its targets: shown, not in the exit status. */
const targets: Array<{ target: string; measured: string; met: boolean; informational?: boolean }> = [
  {
    target: 'ack p99 < 100 ms at 1,000 messages a second offered (2,000 × 1, three runs)',
    measured: `${range(num(at1000, 'ack p99 ms'))} ms (offered ${range(num(at1000, 'offered /s'))} a second)`,
    met: num(at1000, 'ack p99 ms').every((ms) => ms < 100),
  },
  {
    target: 'a 500-message webhook acknowledged < 1 s',
    measured: `p99 ${range(num(batch.results, 'ack p99 ms'))} ms`,
    met: num(batch.results, 'ack p99 ms').every((ms) => ms < 1_000),
  },
  {
    target: '≥ 300 answered a second with Redis, 2,000 × 1',
    measured: `${range(num([...at1000, ...atMax], 'answered /s'))} a second`,
    met: Math.max(...num([...at1000, ...atMax], 'answered /s')) >= 300,
  },
  {
    target: '≥ 150 answered a second on the PostgreSQL queue backend, 2,000 × 1',
    measured: `${range(num(postgres.results, 'answered /s'))} a second`,
    met: Math.max(...num(postgres.results, 'answered /s')) >= 150,
  },
  {
    target: '200 × 10: all answered < 15 s after the last message arrives',
    measured: `drained ${range(num([...slow10, ...fast10], 'drain s'))} s after the last`,
    met: num([...slow10, ...fast10], 'drain s').every((s) => s < 15),
  },
  {
    target: 'reply p99 < 1 s below saturation (200 × 10 at 100 a second)',
    measured: `${range(num(slow10, 'reply p99 ms'))} ms`,
    met: num(slow10, 'reply p99 ms').every((ms) => ms < 1_000),
  },
  {
    target: 'queued jobs ≤ 1.1 × messages (every scenario; tests/integration/chat-jobs.test.ts for a backlog)',
    measured: `${range(jobs)} jobs a message`,
    met: jobs.every((n) => n <= 1.1),
  },
  {
    target: 'RSS < 300 MB after a 20,000-message burst',
    measured: `${redis.settledMb} MB ${30} s after (peak ${range(num(burst, 'peak RSS MB'))} MB)`,
    met: redis.settledMb < 300,
  },
  {
    target: 'RSS < 200 MB idle',
    measured: `${idle.settledMb} MB 45 s after a start and one message`,
    met: idle.settledMb < 200,
  },
  {
    target: 'two processes double the answered rate (where the second core allows)',
    measured: `${twoProcesses} against ${oneProcess} a second; the machine was ${range(num(atMax, 'machine busy %'))} % busy with one process`,
    met: twoProcesses >= 2 * oneProcess,
    informational: true,
  },
  {
    target: 'no message sent twice',
    measured: `${[redis, batch, postgres, two, idle].reduce((n, r) => n + r.sentTwice, 0)} sent twice`,
    met: [redis, batch, postgres, two, idle].every((r) => r.sentTwice === 0),
  },
];

process.stdout.write(`\nmachine: ${redis.machine}; figures in ${dir}\n\n| target | measured | met |\n|---|---|---|\n`);
for (const t of targets) {
  const verdict = t.met ? 'yes' : t.informational ? 'no (not a target: where the second core allows)' : '**no**';
  process.stdout.write(`| ${t.target} | ${t.measured} | ${verdict} |\n`);
}
process.exit(targets.every((t) => t.met || t.informational) ? 0 : 1);
