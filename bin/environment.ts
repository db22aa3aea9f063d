// The environment every verb starts from: the variables of a `.env` file in the working directory
// (when there is one) under the real environment, which always wins; and a warning for each NOVA_*
// variable that nothing reads, usually a typo (NOVA_SECRET instead of NOVA_SECRET_KEY). Runs in
// bin/nova.ts before any configuration is read.
import { ENV_VARIABLES } from '../core/config/env.ts';

/** NOVA_* variables of `env` that core/config/env.ts does not read, sorted. */
export function unknownNovaVariables(env: NodeJS.ProcessEnv, known: readonly string[] = ENV_VARIABLES): string[] {
  const names = new Set(known);
  return Object.keys(env)
    .filter((name) => name.startsWith('NOVA_') && !names.has(name))
    .sort();
}

/**
 * Loads `file` into process.env without replacing a variable that is already set (Node's
 * process.loadEnvFile). A missing file is fine, and under NODE_ENV=test (vitest sets it, and the
 * processes tests start inherit it) the file is not read: a developer's .env must not change tests.
 * Returns the lines to show: one per unknown NOVA_* variable, by name only, never a value.
 * Throws when the file exists but cannot be read.
 */
export function loadEnvironment(file = '.env'): string[] {
  if (process.env.NODE_ENV !== 'test') {
    try {
      process.loadEnvFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new Error(`cannot read ${file}: ${code ?? 'unreadable'}`);
    }
  }
  return unknownNovaVariables(process.env).map(
    (name) => `warning: ${name} is not a Nova setting and is ignored (see .env.example)`,
  );
}
