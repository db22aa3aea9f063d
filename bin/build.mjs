#!/usr/bin/env node
// npm run build: compiles Nova to dist/ with tsc (tsconfig.build.json: the .ts imports are rewritten to
// .js), then copies beside the compiled code what it reads at run time through paths relative to its
// own file: the gazetteer (bot/language/places-index.ts), the migrations and schema.prisma
// (core/db/migrator.ts). Everything else is resolved from node_modules (the Prisma client's runtime,
// the schema engine's .wasm). The new tree is built aside and swapped in whole, with a fingerprint of
// the sources it was built from.
//
//   node bin/build.mjs                  build dist/
//   node bin/build.mjs --if-stale       build only when dist/ is missing or its sources changed (npm's prestart)
//   node bin/build.mjs --out-dir DIR    build into DIR instead (tests of the build)
//   node bin/build.mjs --no-check       emit without type checking (tsc --noCheck: 5 s instead of 15;
//                                       the same files, as `npm run typecheck` and CI check the types)
//
// Plain JS because it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const ifStale = args.includes('--if-stale');
const noCheck = args.includes('--no-check');
const outIndex = args.indexOf('--out-dir');
const outDir = path.resolve(root, outIndex >= 0 ? (args[outIndex + 1] ?? '') : 'dist');
const INFO = '.build-info.json';
// The output directory is replaced whole: it must lie inside the project (node_modules resolves from
// there) and be none of its source folders.
const relOut = path.relative(root, outDir);
const RESERVED = ['bin', 'bot', 'api', 'core', 'prisma', 'data', 'prompts', 'tests', 'docs', 'node_modules', '.git'];
if (!relOut || relOut.startsWith('..') || path.isAbsolute(relOut) || RESERVED.includes(relOut.split(path.sep)[0])) {
  process.stderr.write(`nova build: refusing to build into ${outDir}\n`);
  process.exit(2);
}

/** What the compiled tree is made of: a change to any of these makes dist/ stale. */
const SOURCE_DIRS = ['bin', 'bot', 'api', 'core', 'prisma', 'data/gazetteer', 'prompts'];
const SOURCE_FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];
/** Non-TypeScript files the compiled code reads relative to itself: [from, to] under the project root and dist. */
const ASSETS = [
  ['data/gazetteer/places.json', 'data/gazetteer/places.json'],
  ['data/gazetteer/NOTICE', 'data/gazetteer/NOTICE'],
  ['prisma/schema.prisma', 'prisma/schema.prisma'],
  ['prisma/migrations', 'prisma/migrations'],
  // the AI helper's prompt templates (core/ai/prompts.ts)
  ['prompts', 'prompts'],
];

function* files(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.isFile()) yield full;
  }
}

function fingerprint() {
  const hash = createHash('sha256');
  const all = [
    ...SOURCE_DIRS.flatMap((d) => [...files(path.join(root, d))]),
    ...SOURCE_FILES.map((f) => path.join(root, f)).filter((f) => existsSync(f)),
  ].sort();
  for (const file of all) {
    const s = statSync(file);
    hash.update(`${path.relative(root, file)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

function builtFrom(dir) {
  try {
    return JSON.parse(readFileSync(path.join(dir, INFO), 'utf8')).sources;
  } catch {
    return undefined;
  }
}

const sources = fingerprint();
if (ifStale && builtFrom(outDir) === sources) process.exit(0);

const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  process.stderr.write('nova build: TypeScript is not installed (a development dependency): run `npm install` first\n');
  process.exit(1);
}

process.stderr.write(
  `nova build: compiling to ${relOut}/ ${ifStale ? '(first start, or the sources changed) ' : ''}…\n`,
);
// Built aside under .nova/ (ignored by git, the lint and the typecheck), then swapped in whole.
const staging = path.join(root, '.nova', `build-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
const tscArgs = ['-p', 'tsconfig.build.json', '--outDir', staging, ...(noCheck ? ['--noCheck'] : [])];
const compiled = spawnSync(process.execPath, [tsc, ...tscArgs], {
  cwd: root,
  stdio: 'inherit',
});
if (compiled.status !== 0) {
  rmSync(staging, { recursive: true, force: true });
  process.stderr.write('nova build: tsc failed; nothing was changed in the output directory\n');
  process.exit(1);
}
for (const [from, to] of ASSETS) {
  const source = path.join(root, from);
  if (!existsSync(source)) continue;
  mkdirSync(path.dirname(path.join(staging, to)), { recursive: true });
  cpSync(source, path.join(staging, to), { recursive: true });
}
// The compiled files are ES modules wherever the tree is put (a package scope of their own).
writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify({ type: 'module', private: true })}\n`);
writeFileSync(
  path.join(staging, INFO),
  `${JSON.stringify({ sources, builtAt: new Date().toISOString(), node: process.version }, null, 2)}\n`,
);
rmSync(outDir, { recursive: true, force: true });
renameSync(staging, outDir);
process.stderr.write(`nova build: ${relOut}/ is ready (node ${relOut}/bin/nova.js start)\n`);
