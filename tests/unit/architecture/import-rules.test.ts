// The rules of the house are checked by the lint (biome.json's noRestrictedImports overrides). These
// plant a violating import at a path inside each layer and ask Biome about it, so that a change to the
// configuration that silently stops a rule fails here.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const biome = path.join(root, 'node_modules/.bin/biome');

/**
 * Lints `source` as the file at `file` of a scratch tree that has the project's biome.json (the
 * working tree is never touched); returns whether it passed and what Biome said.
 */
function lint(file: string, source: string): { ok: boolean; output: string } {
  const scratch = mkdtempSync(path.join(tmpdir(), 'nova-lint-'));
  try {
    copyFileSync(path.join(root, 'biome.json'), path.join(scratch, 'biome.json'));
    mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    writeFileSync(path.join(scratch, file), source);
    const run = spawnSync(biome, ['lint', file], { cwd: scratch, encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout}\n${run.stderr}` };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const violations: Array<[rule: string, file: string, source: string]> = [
  [
    'core imports no bot',
    'core/shared/planted.ts',
    "import { features } from '../../bot/features/index.ts';\nexport const x = features;\n",
  ],
  [
    'core imports no api',
    'core/shared/planted.ts',
    "import { createApp } from '../../api/app.ts';\nexport const x = createApp;\n",
  ],
  [
    'core imports no bin',
    'core/shared/planted.ts',
    "import { config } from '../../bin/runtime.ts';\nexport const x = config;\n",
  ],
  ['core imports no chat SDK', 'core/shared/planted.ts', "import { Bot } from 'grammy';\nexport const x = Bot;\n"],
  [
    'bot imports no api',
    'bot/channels/planted.ts',
    "import { createApp } from '../../api/app.ts';\nexport const x = createApp;\n",
  ],
  [
    'features import no Prisma client',
    'bot/features/tasks/planted.ts',
    "import type { Db } from '../../../core/db/client.ts';\nexport type X = Db;\n",
  ],
  [
    'features import no @prisma/client',
    'bot/features/tasks/planted.ts',
    "import { PrismaClient } from '@prisma/client';\nexport const x = PrismaClient;\n",
  ],
  [
    'the engine imports no feature',
    'bot/engine/planted.ts',
    "import { features } from '../features/index.ts';\nexport const x = features;\n",
  ],
  [
    'routes import no Prisma client',
    'api/routes/planted.ts',
    "import type { Db } from '../../core/db/client.ts';\nexport type X = Db;\n",
  ],
  [
    'only nova seed reads the demo seed',
    'api/routes/planted.ts',
    "import { DEMO } from '../../prisma/seed.ts';\nexport const x = DEMO;\n",
  ],
];

describe('the lint enforces the direction of dependencies', () => {
  it.each(violations)('refuses a planted import: %s', (_rule, file, source) => {
    const result = lint(file, source);
    expect(result.ok, result.output).toBe(false);
    expect(result.output).toContain('noRestrictedImports');
  });

  it('accepts the allowed directions (a feature using core through the engine, bin using everything)', () => {
    const feature = lint(
      'bot/features/tasks/planted.ts',
      "import type { Scope } from '../../../core/shared/scope.ts';\nimport type { Feature } from '../../engine/feature.ts';\nexport type X = [Scope, Feature];\n",
    );
    expect(feature.ok, feature.output).toBe(true);
    const bin = lint(
      'bin/planted.ts',
      "import { features } from '../bot/features/index.ts';\nimport { createApp } from '../api/app.ts';\nexport const x = [features, createApp];\n",
    );
    expect(bin.ok, bin.output).toBe(true);
  });
});
