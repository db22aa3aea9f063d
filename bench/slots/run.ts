/**
 * Benchmark of computeSlots: 14 days of 30-minute slots on a 15-minute step, 15-minute buffer, 60-minute
 * notice, for the demo broker (Asia/Riyadh, Sun–Thu 09–13 + 16–21, Sat 16–21, Friday off) with 1,000
 * existing appointments spread over those 14 days by a seeded PRNG (the same run every time).
 *
 *   npx tsx bench/slots/run.ts [--iterations 5000] [--warmup 500]
 *
 * Each call gets the appointments unsorted, as they would come from an unordered query, so the sort is
 * part of what is measured. Results go to docs/benchmarks/slots.md by hand.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { type BusyInterval, computeSlots, type SlotQuery, type WorkingHours } from '../../core/scheduling/slots.ts';

const WEEKDAY = [
  { start: '09:00', end: '13:00' },
  { start: '16:00', end: '21:00' },
];
const HOURS: WorkingHours = { 0: WEEKDAY, 1: WEEKDAY, 2: WEEKDAY, 3: WEEKDAY, 4: WEEKDAY, 6: [WEEKDAY[1]!] };

/** mulberry32: a tiny seeded PRNG, enough to make the data set reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const MINUTE = 60_000;
const NOW = new Date('2024-11-24T05:00:00Z'); // Sunday 08:00 in Riyadh

/** 1,000 appointments of 30–90 minutes starting on a 15-minute grid anywhere in the next 14 days. */
function appointments(count: number, seed: number): BusyInterval[] {
  const random = prng(seed);
  const list: BusyInterval[] = [];
  for (let i = 0; i < count; i++) {
    const start = NOW.getTime() + Math.floor(random() * 14 * 96) * 15 * MINUTE;
    const length = (2 + Math.floor(random() * 5)) * 15 * MINUTE;
    list.push({ start: new Date(start), end: new Date(start + length) });
  }
  return list;
}

function query(busy: BusyInterval[]): SlotQuery {
  return {
    timeZone: 'Asia/Riyadh',
    workingHours: HOURS,
    holidays: [{ from: '2024-12-02', to: '2024-12-03' }],
    busy,
    bufferMinutes: 15,
    minimumNoticeMinutes: 60,
    now: NOW,
    slotMinutes: 30,
    stepMinutes: 15,
    range: { start: NOW, days: 14 },
  };
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function measure(label: string, q: SlotQuery, warmup: number, iterations: number): void {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += computeSlots(q).length;
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    sink += computeSlots(q).length;
    times.push(performance.now() - t0);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  const fmt = (ms: number) => ms.toFixed(3);
  console.log(
    `${label.padEnd(34)} slots=${String(computeSlots(q).length).padStart(4)}  ` +
      `p50=${fmt(percentile(times, 50))} ms  p95=${fmt(percentile(times, 95))} ms  ` +
      `p99=${fmt(percentile(times, 99))} ms  max=${fmt(times.at(-1)!)} ms  ` +
      `ops/s=${Math.round((iterations / total) * 1000)}  (sink ${sink % 7})`,
  );
}

const iterations = arg('iterations', 5000);
const warmup = arg('warmup', 500);
console.log(
  `computeSlots bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ` +
    `TZ=${process.env.TZ ?? '(unset)'}, ${warmup} warm-up + ${iterations} measured iterations each`,
);
const busy = appointments(1000, 20241124);
measure('1,000 appointments, unsorted', query(busy), warmup, iterations);
const sorted = [...busy].sort((a, b) => a.start.getTime() - b.start.getTime());
measure('1,000 appointments, sorted by start', query(sorted), warmup, iterations);
measure('100 appointments', query(busy.slice(0, 100)), warmup, iterations);
measure('no appointments (most slots)', query([]), warmup, iterations);
