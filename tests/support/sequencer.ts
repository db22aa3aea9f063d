// The order test files start in. On a fresh clone vitest has no durations cached, so it starts the
// largest files first, project by project; the fuzz test (a small file, two minutes of turns) then began
// half-way through the run and the suite waited for it alone at the end. The files that take a minute
// or more start first here, longest first; every other file keeps vitest's own order after them (with a
// cache of the last run's durations, vitest's order is already longest first).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first, as measured in the clean-clone CI run of 3 December 2026 (seconds). */
export const LONG_FILES = [
  'tests/e2e/fuzz.test.ts', // 128
  'tests/e2e/conversations.test.ts', // 85
  'tests/e2e/chat-cli.test.ts', // 83
  'tests/integration/cli.test.ts', // 63
  'tests/integration/offices-cli.test.ts', // 60
  'tests/integration/queue-backends.test.ts', // 55
  'tests/integration/chat-jobs.test.ts', // 55
  'tests/integration/web-chat-auth.test.ts', // 51
  'tests/e2e/viewings.test.ts', // 50
  'tests/e2e/api-matrix.test.ts', // 39
  'tests/e2e/embedded.test.ts', // 38
];

const rank = (spec: TestSpecification): number => {
  const moduleId = spec.moduleId.replaceAll('\\', '/');
  const index = LONG_FILES.findIndex((file) => moduleId.endsWith(`/${file}`));
  return index < 0 ? LONG_FILES.length : index;
};

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    // Array.prototype.sort is stable: files of equal rank keep vitest's order.
    return [...ordered].sort((a, b) => rank(a) - rank(b));
  }
}
