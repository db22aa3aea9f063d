// The AI helper's prompt templates: prompts/<name>.v<N>.md at the project's top (copied beside dist/ by
// bin/build.mjs). A template is markdown in sections, each opened by a line `## <section>`:
//
//   ## system              the instructions (trusted: only Nova's own words and settings go in)
//   ## example user        a few-shot pair, as many as wanted, in order
//   ## example assistant
//   ## user                the request; the untrusted data (a message, listing facts, a timeline) goes here
//
// Text before the first section (a title, notes for people) is not sent. `{{name}}` is replaced by the
// variable of that name; a template naming a variable the caller does not give fails to render (a typo
// must not send a literal "{{text}}" to the model). The version sent with each result ("understand.v1")
// is the file's: the highest N present is used unless the caller pins one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The variables each template may use (the values are strings: a caller serializes JSON itself). */
export interface PromptVars {
  understand: {
    /** the sender's message (untrusted) */
    text: string;
    lang: string;
    role: string;
    /** the dialog's open question, masked, or "none" */
    openQuestion: string;
    /** the reference instant, ISO 8601 with the office's offset, to the minute */
    now: string;
    /** the weekday of `now` in English ("Sunday") */
    weekday: string;
    timeZone: string;
  };
  'listing-description': {
    lang: string;
    /** the listing's facts as JSON (ListingFacts, keys without a value left out) */
    facts: string;
  };
  summary: {
    lang: string;
    subject: string;
    /** the timeline as JSON lines, oldest first */
    timeline: string;
  };
}

export type PromptName = keyof PromptVars;

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Prompt<N extends PromptName = PromptName> {
  name: N;
  version: number;
  /** "<name>.v<N>": stored with every result and in usage */
  id: string;
  sections: ReadonlyArray<{ kind: 'system' | 'example user' | 'example assistant' | 'user'; text: string }>;
}

/** prompts/ beside the code: the project's root from core/ai/ (source), or dist/ from dist/core/ai/ (build). */
export const PROMPTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'prompts');

const SECTION = /^##\s+(system|example user|example assistant|user)\s*$/;
const FILE = /^(.+)\.v(\d+)\.md$/;

/** The versions of a template present in the folder, highest last. */
export function promptVersions(name: PromptName, dir = PROMPTS_DIR): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => FILE.exec(f))
    .filter((m): m is RegExpExecArray => m !== null && m[1] === name)
    .map((m) => Number(m[2]))
    .sort((a, b) => a - b);
}

/** Parses a template's text (exported for tests). */
export function parsePrompt<N extends PromptName>(name: N, version: number, source: string): Prompt<N> {
  const sections: Array<{ kind: Prompt['sections'][number]['kind']; lines: string[] }> = [];
  for (const line of source.replace(/\r\n/g, '\n').split('\n')) {
    const head = SECTION.exec(line);
    if (head) sections.push({ kind: head[1] as Prompt['sections'][number]['kind'], lines: [] });
    else sections.at(-1)?.lines.push(line);
  }
  const id = `${name}.v${version}`;
  const out = sections.map((s) => ({ kind: s.kind, text: s.lines.join('\n').trim() }));
  if (out[0]?.kind !== 'system' || out.at(-1)?.kind !== 'user' || out.filter((s) => s.kind === 'user').length !== 1) {
    throw new Error(`prompt ${id}: expected "## system" first and one "## user" last`);
  }
  for (let i = 1; i < out.length - 1; i++) {
    const want = i % 2 === 1 ? 'example user' : 'example assistant';
    if (out[i]!.kind !== want) throw new Error(`prompt ${id}: examples go in pairs (user, then assistant)`);
  }
  return { name, version, id, sections: out };
}

const loaded = new Map<string, Prompt>();

/** Loads (once per process) a template: the highest version present, or the one asked for. */
export function loadPrompt<N extends PromptName>(name: N, version?: number, dir = PROMPTS_DIR): Prompt<N> {
  const v = version ?? promptVersions(name, dir).at(-1);
  if (v === undefined) throw new Error(`no prompt ${name}.v*.md in ${dir}`);
  const key = `${dir}\0${name}\0${v}`;
  let prompt = loaded.get(key);
  if (!prompt) {
    prompt = parsePrompt(name, v, readFileSync(path.join(dir, `${name}.v${v}.md`), 'utf8'));
    loaded.set(key, prompt);
  }
  return prompt as Prompt<N>;
}

/**
 * The chat messages of a template with its variables filled in. Values are inserted as they are, once:
 * a value that itself contains "{{…}}" is not expanded again.
 */
export function renderPrompt<N extends PromptName>(prompt: Prompt<N>, vars: PromptVars[N]): ChatMessage[] {
  const values = vars as unknown as Record<string, string>;
  const fill = (text: string) =>
    text.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (_, key: string) => {
      const value = values[key];
      if (typeof value !== 'string') throw new Error(`prompt ${prompt.id}: no value for {{${key}}}`);
      return value;
    });
  return prompt.sections.map((s) => ({
    role: s.kind === 'system' ? 'system' : s.kind === 'example assistant' ? 'assistant' : 'user',
    content: fill(s.text),
  }));
}
