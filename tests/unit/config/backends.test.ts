// The rules of bin/backends.ts: which PostgreSQL Nova uses (DATABASE_URL, the local server, the embedded
// one of its directory, or one it starts), which queue backend (Redis only when REDIS_URL is set), and
// how the embedded server a Nova of a directory runs is found (bin/embedded-postgres.ts).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDatabase, chooseQueue, type DatabaseFacts, describeQueue } from '../../../bin/backends.ts';
import { runningEmbedded } from '../../../bin/embedded-postgres.ts';

const facts = (f: Partial<DatabaseFacts> = {}): DatabaseFacts => ({
  databaseUrlGiven: false,
  embeddedAsked: false,
  localAnswers: false,
  embeddedRunning: false,
  mayStart: true,
  production: false,
  ...f,
});

describe('the database', () => {
  it('is DATABASE_URL when set, whatever else answers', () => {
    expect(chooseDatabase(facts({ databaseUrlGiven: true }))).toBe('configured');
    expect(chooseDatabase(facts({ databaseUrlGiven: true, localAnswers: true, embeddedRunning: true }))).toBe(
      'configured',
    );
  });

  it('is the local server when DATABASE_URL is unset and something answers on 127.0.0.1:5432', () => {
    expect(chooseDatabase(facts({ localAnswers: true }))).toBe('local');
    expect(chooseDatabase(facts({ localAnswers: true, embeddedRunning: true }))).toBe('local');
  });

  it('is an embedded one started now on a machine with nothing running (npm start with only Node)', () => {
    expect(chooseDatabase(facts())).toBe('embedded-start');
  });

  it('is the embedded one another Nova of this directory runs, rather than a second one', () => {
    expect(chooseDatabase(facts({ embeddedRunning: true }))).toBe('embedded-running');
    expect(chooseDatabase(facts({ embeddedRunning: true, mayStart: false }))).toBe('embedded-running');
  });

  it('is embedded with --embedded, even when DATABASE_URL is set or the local server answers', () => {
    expect(chooseDatabase(facts({ embeddedAsked: true, databaseUrlGiven: true, localAnswers: true }))).toBe(
      'embedded-start',
    );
    expect(chooseDatabase(facts({ embeddedAsked: true, embeddedRunning: true }))).toBe('embedded-running');
  });

  it('is never started by a worker or in production without being asked: the default URL fails instead', () => {
    expect(chooseDatabase(facts({ mayStart: false }))).toBe('local');
    expect(chooseDatabase(facts({ production: true }))).toBe('local');
    expect(chooseDatabase(facts({ production: true, embeddedAsked: true }))).toBe('embedded-start');
  });
});

describe('the queue backend', () => {
  const url = 'postgresql://postgres@127.0.0.1:5432/nova';

  it('is Redis, under the queue prefix, when REDIS_URL is set', () => {
    const backend = chooseQueue({ REDIS_URL: 'redis://10.0.0.5:6380', QUEUE_PREFIX: 'nova:nova' }, url);
    expect(backend).toEqual({ kind: 'redis', url: 'redis://10.0.0.5:6380', prefix: 'nova:nova' });
    expect(describeQueue(backend)).toBe('Redis 10.0.0.5:6380 (prefix nova:nova)');
  });

  it('is PostgreSQL, in the database itself, when REDIS_URL is unset', () => {
    const backend = chooseQueue({ QUEUE_PREFIX: 'nova:nova' }, url);
    expect(backend).toEqual({ kind: 'postgres', url });
    expect(describeQueue(backend)).toBe('PostgreSQL (the database itself, schema bullmq)');
  });

  it('gives a scenario run queues of its own on either backend', () => {
    const own = { prefix: 'nova:nova-cases-1a2b', schema: 'bullmq_cases_1a2b' };
    expect(chooseQueue({ REDIS_URL: 'redis://h', QUEUE_PREFIX: 'nova:nova' }, url, own)).toMatchObject({
      prefix: 'nova:nova-cases-1a2b',
    });
    expect(chooseQueue({ QUEUE_PREFIX: 'nova:nova' }, url, own)).toEqual({
      kind: 'postgres',
      url,
      schema: 'bullmq_cases_1a2b',
    });
  });
});

describe('the embedded server of a directory', () => {
  it('is found while the Nova that started it runs, and not once that Nova is gone', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'nova-embedded-unit-'));
    try {
      expect(runningEmbedded(root)).toBeUndefined();
      await mkdir(path.join(root, '.nova', 'postgres'), { recursive: true });
      // PostgreSQL's lock file: its pid (a live process stands in for it), data directory, start time, port.
      await writeFile(path.join(root, '.nova', 'postgres', 'postmaster.pid'), `${process.pid}\n/x\n1\n54321\n`);
      const state = (owner: number) =>
        writeFile(path.join(root, '.nova', 'postgres.json'), JSON.stringify({ password: 'p w', port: 54321, owner }));
      await state(process.ppid);
      expect(runningEmbedded(root)).toEqual({ url: 'postgresql://postgres:p%20w@127.0.0.1:54321/nova', port: 54321 });
      await state(2 ** 22 + 7); // beyond pid_max: no such process
      expect(runningEmbedded(root)).toBeUndefined();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
