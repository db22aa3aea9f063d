// Benchmark of the offline parser on one core:
//   npx tsx bench/nlu/run.ts [--messages N]
// - start-up: importing the parser, which loads the place index (data/gazetteer/places.json);
// - memory of the place index: heap growth from importing places.ts (after a full GC on both sides);
// - throughput: parse() over the dev set repeated, messages per second;
// - latency: p50 / p99 / max time of one message.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const TOTAL = arg('--messages', 200_000);

const heap0 = heap();
let t0 = performance.now();
const places = await import('../../bot/language/places-index.ts');
const placesMs = performance.now() - t0;
const heap1 = heap();
t0 = performance.now();
const { parse } = await import('../../bot/language/index.ts');
const restMs = performance.now() - t0;
const heap2 = heap();
const stats = places.placeIndexStats();

const dev = readFileSync(new URL('../../tests/fixtures/nlu/dev.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { text: string; now: string; role: 'broker' | 'owner' | 'client' });
const inputs = dev.map((d) => ({ text: d.text, opts: { now: new Date(d.now), role: d.role } }));

// first call (cold) and warm-up
t0 = performance.now();
parse(inputs[11]?.text ?? '', inputs[11]?.opts ?? { now: new Date(0) });
const firstCallMs = performance.now() - t0;
for (let k = 0; k < 20_000; k++) {
  const x = inputs[k % inputs.length];
  if (x) parse(x.text, x.opts);
}

// throughput
let sink = 0;
t0 = performance.now();
for (let k = 0; k < TOTAL; k++) {
  const x = inputs[k % inputs.length];
  if (x) sink += parse(x.text, x.opts).numbers.length;
}
const elapsed = performance.now() - t0;
const perSecond = TOTAL / (elapsed / 1000);

// latency of one message
const N = Math.min(TOTAL, 100_000);
const times = new Float64Array(N);
for (let k = 0; k < N; k++) {
  const x = inputs[k % inputs.length];
  if (!x) continue;
  const a = process.hrtime.bigint();
  sink += parse(x.text, x.opts).numbers.length;
  times[k] = Number(process.hrtime.bigint() - a) / 1e6;
}
times.sort();
const q = (p: number): number => times[Math.min(N - 1, Math.floor(p * N))] ?? 0;

const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MB`;
const lines = [
  `node ${process.version}, ${process.platform}/${process.arch}`,
  `place index: ${stats.cities} cities, ${stats.districts} districts, ${stats.arabicKeys} Arabic keys, ${stats.englishKeys} English keys`,
  `start-up: building the place index ${places.indexLoadMs.toFixed(0)} ms (import of places-index.ts with tsx compile: ${placesMs.toFixed(0)} ms; rest of the parser ${restMs.toFixed(0)} ms); first parse ${firstCallMs.toFixed(1)} ms`,
  `memory: place index ${mb(heap1 - heap0)} of heap; whole parser ${mb(heap2 - heap0)}`,
  `throughput: ${TOTAL} messages (dev set × ${Math.round(TOTAL / inputs.length)}) in ${(elapsed / 1000).toFixed(2)} s = ${Math.round(perSecond).toLocaleString('en')} messages/s on one core`,
  `latency per message: p50 ${q(0.5).toFixed(3)} ms, p99 ${q(0.99).toFixed(3)} ms, max ${(times[N - 1] ?? 0).toFixed(3)} ms`,
];
process.stdout.write(`${lines.join('\n')}\n`);
if (sink < 0) process.stdout.write('\n');
