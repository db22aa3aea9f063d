// The suite's order hints (tests/support/sequencer.ts) name files that exist: a renamed or removed file
// would silently lose its place at the front.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG_FILES, rank } from '../support/sequencer.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('the order test files start in', () => {
  it('names only test files that exist, each once', () => {
    expect(LONG_FILES.filter((file) => !existsSync(path.join(ROOT, file)))).toEqual([]);
    expect(new Set(LONG_FILES).size).toBe(LONG_FILES.length);
  });

  it('starts the long files first, then the other services files, and the unit files last, together', () => {
    const spec = (file: string, project: string) => ({ moduleId: path.join(ROOT, file), project: { name: project } });
    const files = [
      spec('tests/unit/language/dev.test.ts', 'unit'),
      spec('tests/integration/outbox.test.ts', 'services'),
      spec('tests/e2e/conversations.test.ts', 'services'),
      spec('tests/e2e/leads.test.ts', 'services'),
      spec('tests/e2e/fuzz.test.ts', 'services'),
    ];
    const ordered = [...files].sort((a, b) => rank(a) - rank(b)).map((s) => path.relative(ROOT, s.moduleId));
    expect(ordered).toEqual([
      'tests/e2e/conversations.test.ts',
      'tests/e2e/fuzz.test.ts',
      'tests/integration/outbox.test.ts',
      'tests/e2e/leads.test.ts',
      'tests/unit/language/dev.test.ts',
    ]);
  });
});
