import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from '../../../bot/language/index.ts';
import type { Role } from '../../../bot/language/types.ts';
import { type Answer, type Example, readJsonl, score } from './score.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/nlu/${name}`, import.meta.url));

function run(examples: Example[]): Answer[] {
  return examples.map((e) => {
    const r = parse(e.text, { now: new Date(e.now), role: e.role as Role });
    return { id: e.id, intent: r.intent, entities: r.entities as Record<string, unknown> };
  });
}

describe('scored sets (rules of shared/nlu/score.mjs)', () => {
  it('dev set (shared/nlu/dev.jsonl): intent accuracy ≥ 0.95 and entity F1 ≥ 0.93', () => {
    const examples = readJsonl<Example>(fixture('dev.jsonl'));
    expect(examples.length).toBe(99);
    const s = score(examples, run(examples));
    expect(s.mistakes, s.mistakes.join('\n')).toEqual([]);
    expect(s.intentAcc).toBeGreaterThanOrEqual(0.95);
    expect(s.f1).toBeGreaterThanOrEqual(0.93);
  });

  it('our own sentences (tests/fixtures/nlu/extra.jsonl), written to the contract beyond the dev set', () => {
    const examples = readJsonl<Example>(fixture('extra.jsonl'));
    expect(examples.length).toBeGreaterThan(150);
    const s = score(examples, run(examples));
    expect(s.mistakes, s.mistakes.join('\n')).toEqual([]);
    expect(s.intentAcc).toBeGreaterThanOrEqual(0.95);
    expect(s.f1).toBeGreaterThanOrEqual(0.93);
  });
});
