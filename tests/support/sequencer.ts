// The order test files start in. On a fresh clone vitest has no durations cached, so it starts the
// largest files first, project by project; the fuzz test (a small file, a minute of turns) then began
// half-way through the run and the suite waited for it alone at the end. The files that take a minute
// or more start first here, longest first; the other files of the services project follow, and the unit
// files come last, so that each worker changes project once: vitest starts a new worker (which imports
// everything again) whenever the next file in the queue is of another project. Within each group,
// files keep vitest's own order (with a cache of the last run's durations, already longest first).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first, as measured in a full run on 3 December 2026, evening (seconds, two cores). */
export const LONG_FILES = [
  'tests/e2e/conversations.test.ts', // 69
  'tests/e2e/fuzz.test.ts', // 58
  'tests/e2e/chat-cli.test.ts', // 55
  'tests/integration/cli.test.ts', // 55
  'tests/integration/queue-backends.test.ts', // 40
  'tests/integration/chat-jobs.test.ts', // 30
  'tests/e2e/viewings.test.ts', // 28
  'tests/integration/offices-cli.test.ts', // 28
  'tests/e2e/production-build.test.ts', // 24
  'tests/integration/web-chat-auth.test.ts', // 18
  'tests/e2e/api-matrix.test.ts', // 16
  'tests/e2e/embedded.test.ts', // 16
  'tests/e2e/delivery.test.ts', // 13
];

/** Where a file goes: its place among the long files, then the other services files, then unit files. */
export const rank = (spec: Pick<TestSpecification, 'moduleId'> & { project: { name: string } }): number => {
  const moduleId = spec.moduleId.replaceAll('\\', '/');
  const index = LONG_FILES.findIndex((file) => moduleId.endsWith(`/${file}`));
  if (index >= 0) return index;
  return spec.project.name === 'unit' ? LONG_FILES.length + 1 : LONG_FILES.length;
};

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    // Array.prototype.sort is stable: files of equal rank keep vitest's order.
    return [...ordered].sort((a, b) => rank(a) - rank(b));
  }
}
