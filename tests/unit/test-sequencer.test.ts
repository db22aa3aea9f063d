// The suite's order hints (tests/support/sequencer.ts) name files that exist: a renamed or removed file
// would silently lose its place at the front.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG_FILES } from '../support/sequencer.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('the order test files start in', () => {
  it('names only test files that exist, each once', () => {
    expect(LONG_FILES.filter((file) => !existsSync(path.join(ROOT, file)))).toEqual([]);
    expect(new Set(LONG_FILES).size).toBe(LONG_FILES.length);
  });
});
