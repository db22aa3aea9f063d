// The scoring rules of shared/nlu/score.mjs, for use inside tests: intent accuracy and micro-averaged F1
// over (key, value) pairs of entities, values compared after the contract's normalisation.
import { readFileSync } from 'node:fs';

export const SCORED = [
  'name',
  'phone',
  'email',
  'property_type',
  'listing_type',
  'rent_period',
  'city',
  'district',
  'price',
  'budget_min',
  'budget_max',
  'area',
  'area_min',
  'area_max',
  'bedrooms',
  'bathrooms',
  'datetime',
  'date',
  'period',
  'ref',
] as const;

export interface Example {
  id: string;
  text: string;
  now: string;
  role: 'broker' | 'owner' | 'client';
  intent: string;
  entities: Record<string, unknown>;
}

export interface Answer {
  id: string;
  intent: string;
  entities: Record<string, unknown>;
}

export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function normText(s: unknown): string {
  return String(s)
    .normalize('NFKC')
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/^حي\s+/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function normValue(key: string, v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return String(Math.round(v * 100) / 100);
  if (key === 'datetime') {
    const t = Date.parse(String(v));
    return Number.isNaN(t) ? `bad:${String(v)}` : String(Math.floor(t / 60000));
  }
  if (/^-?\d+(\.\d+)?$/.test(String(v).trim()) && key !== 'phone') return String(Number(v));
  return normText(v);
}

export function pairs(entities: Record<string, unknown> | undefined): Set<string> {
  const out = new Set<string>();
  for (const k of SCORED) {
    const v = normValue(k, entities?.[k]);
    if (v !== undefined) out.add(`${k}=${v}`);
  }
  return out;
}

export interface Score {
  messages: number;
  intentAcc: number;
  precision: number;
  recall: number;
  f1: number;
  /** one line per mistake, for the test's failure message */
  mistakes: string[];
}

export function score(expected: Example[], answers: Answer[]): Score {
  const byId = new Map(answers.map((a) => [String(a.id), a]));
  let intentOk = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const mistakes: string[] = [];
  for (const e of expected) {
    const p = byId.get(String(e.id));
    if (p?.intent === e.intent) intentOk++;
    else mistakes.push(`INTENT ${e.id}: want ${e.intent} got ${p?.intent ?? '(missing)'} | ${e.text}`);
    const want = pairs(e.entities);
    const got = pairs(p?.entities);
    for (const x of got) {
      if (want.has(x)) tp++;
      else {
        fp++;
        mistakes.push(`EXTRA  ${e.id}: ${x} | ${e.text}`);
      }
    }
    for (const x of want) {
      if (!got.has(x)) {
        fn++;
        mistakes.push(`MISS   ${e.id}: ${x} | ${e.text}`);
      }
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { messages: expected.length, intentAcc: intentOk / expected.length, precision, recall, f1, mistakes };
}
