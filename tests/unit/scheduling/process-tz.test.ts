import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenarios } from './fixtures/scenarios.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const script = fileURLToPath(new URL('./fixtures/print-scenarios.ts', import.meta.url));

// Slots, reasons and local dates must depend on the broker's zone only, never on the process's TZ.
describe('results do not depend on the process TZ', () => {
  const inProcess = JSON.parse(JSON.stringify(runScenarios()));

  it.each([
    ['America/New_York', 240],
    ['Europe/Berlin', -120],
    ['Pacific/Kiritimati', -840],
    ['UTC', 0],
  ])(
    'TZ=%s gives the in-process JSON',
    (zone, offsetInJuly) => {
      const out = execFileSync(process.execPath, ['--import', 'tsx', script], {
        cwd: root,
        env: { ...process.env, TZ: zone },
        encoding: 'utf8',
      });
      const child = JSON.parse(out) as { tz: string; processOffsetInJuly: number; result: unknown };
      expect(child.tz).toBe(zone);
      expect(child.processOffsetInJuly).toBe(offsetInJuly);
      expect(child.result).toEqual(inProcess);
    },
    30_000,
  );
});
