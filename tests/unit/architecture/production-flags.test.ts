// Node's flags for Nova in production are given in three places: `npm start`, the Dockerfile and the
// benchmarks that measure what production runs (bench/support/cloud.ts). They must stay the same. The
// V8 flag node does not take in NODE_OPTIONS is set by the entry point itself (bin/nova.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRODUCTION_NODE_OPTIONS } from '../../../bench/support/cloud.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe("production's node flags", () => {
  it('cap the old generation the same in npm start, the Dockerfile and the benchmarks', () => {
    expect(PRODUCTION_NODE_OPTIONS).toMatch(/^--max-old-space-size=\d+$/);
    const start = JSON.parse(read('package.json')).scripts.start as string;
    // before the operator's own NODE_OPTIONS, so that a larger size given there wins
    expect(start).toContain(`NODE_OPTIONS="${PRODUCTION_NODE_OPTIONS} \${NODE_OPTIONS:-}"`);
    expect(read('Dockerfile')).toContain(`ENV NODE_OPTIONS="${PRODUCTION_NODE_OPTIONS}"`);
  });

  it('compile WebAssembly with the baseline compiler only, set by `nova` itself before any verb loads', () => {
    // node refuses --liftoff-only in NODE_OPTIONS: the entry point sets it, for every way of starting it
    const entry = read('bin/nova.ts');
    const flag = entry.indexOf("setFlagsFromString('--liftoff-only')");
    expect(flag).toBeGreaterThan(0);
    expect(flag).toBeLessThan(entry.indexOf('const verbs'));
  });
});
