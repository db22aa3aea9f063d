// The scenario runner and the console chat, run as a user runs them.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropRedisPrefix, novaArgs, ROOT, runNova, testQueuePrefix } from '../support/cli.ts';
import { adminUrl, dropDatabase, testDatabaseUrl } from '../support/pg.ts';

const databases: string[] = [];
const scratch = () => {
  const name = `nova_test_chat_${randomBytes(4).toString('hex')}_test`;
  databases.push(name);
  return testDatabaseUrl(name);
};
afterAll(async () => {
  for (const name of databases) await dropDatabase(adminUrl(), name);
});

const lines = (...objects: unknown[]) => objects.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join('\n');

describe('nova chat --script', () => {
  it('plays a conversation on the controllable clock and prints what Nova sends, in order', async () => {
    const file = path.join(tmpdir(), `scenario-${randomBytes(4).toString('hex')}.jsonl`);
    writeFileSync(
      file,
      lines(
        {
          at: '2026-11-22T09:30:00+03:00',
          from: '+966500000001',
          text: 'عميل جديد أحمد 0551234567 يبي شقة بالرياض حي الملقا ميزانيته ٨٠٠ ألف',
        },
        { at: '2026-11-22T09:31:00+03:00', from: '0500000001', text: 'ذكرني أتصل بخالد بعد ساعتين' },
        { at: '2026-11-22T11:30:00+03:00' },
        { at: '2026-11-22T11:31:00+03:00' },
        'this line is not JSON',
        { at: '2026-11-22T11:40:00+03:00', from: '+966500000001', text: 'عميل جديد أحمد 0551234567' },
      ),
    );
    const result = await runNova(
      ['chat', '--script', file, '--reset', '--seed', 'demo'],
      { DATABASE_URL: scratch() },
      undefined,
      90_000,
    );
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({ at: '2026-11-22T09:30:00+03:00', to: '+966500000001' });
    expect(out[0].text).toContain('أضفت العميل أحمد');
    expect(out[1].text).toBe('⏰ تم! بذكرك الأحد ٢٢ نوفمبر، ١١:٣١ ص: أتصل بخالد');
    // the reminder comes at 11:31, not at 11:30
    expect(out[2]).toEqual({ at: '2026-11-22T11:31:00+03:00', to: '+966500000001', text: '⏰ تذكير: أتصل بخالد' });
    expect(out[3]).toEqual({ line: 5, error: 'not JSON' });
    expect(out[4].text).toContain('مسجل عندك بنفس الرقم');
    expect(out[4].choices).toEqual([
      { id: 'confirm', label: 'حدّث بياناته' },
      { id: 'cancel', label: 'إلغاء' },
    ]);
  });

  it('refuses --reset on a database that is not a test or scratch one', async () => {
    const file = path.join(tmpdir(), 'empty.jsonl');
    writeFileSync(file, '');
    const result = await runNova(['chat', '--script', file, '--reset'], { DATABASE_URL: testDatabaseUrl('nova') });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'nova: --reset refuses database "nova": only databases whose name ends in _test or _scratch are reset',
    );
  });
});

describe('nova chat --from', () => {
  it('chats in the terminal as a demo broker', async () => {
    const url = scratch();
    expect((await runNova(['seed', '--demo'], { DATABASE_URL: url })).code).toBe(0);
    const consolePrefix = testQueuePrefix();
    const child = spawn(process.execPath, novaArgs(['chat', '--from', '+966500000002']), {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: url,
        QUEUE_PREFIX: consolePrefix,
        LOG_LEVEL: 'silent',
      },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    const waitFor = async (needle: string) => {
      const started = Date.now();
      while (!output.includes(needle)) {
        if (Date.now() - started > 30_000) throw new Error(`no "${needle}" in:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await waitFor('Nova console chat as +966500000002');
      child.stdin.write('السلام عليكم\n');
      await waitFor('أهلاً ليلى');
      child.stdin.write('عميل جديد اسمه ماجد\n');
      await waitFor('وش رقم جوال ماجد؟');
      child.stdin.end();
      await new Promise((r) => child.once('close', r));
    } finally {
      child.kill('SIGKILL');
      await dropRedisPrefix(consolePrefix);
    }
  });
});

describe('nova chat --cases', () => {
  it('plays each case on the fresh demo data and answers its database checks as psql -A -t prints them', async () => {
    const url = scratch();
    const seeded = await runNova(['seed', '--demo'], { DATABASE_URL: url }, undefined, 90_000);
    expect(seeded.code, seeded.stderr).toBe(0);
    const file = path.join(tmpdir(), `cases-${randomBytes(4).toString('hex')}.jsonl`);
    const lead = 'عميل جديد فهد 0551112233 يبي فيلا بالرياض';
    writeFileSync(
      file,
      lines(
        { case: 'first' },
        { at: '2026-12-13T09:05:00+03:00', from: '+966500000001', text: lead },
        { expect: 'db', sql: "select count(*), max(name) from customers where phone='+966551112233'" },
        { expect: 'db', sql: 'select null::text, true' },
        { case: 'second' },
        { at: '2026-12-14T10:00:00+03:00', from: '+966500000001', text: lead },
        { expect: 'db', sql: "select count(*) from customers where phone='+966551112233'" },
        { expect: 'db', sql: 'select * from no_such_table' },
      ),
    );
    const result = await runNova(['chat', '--cases', file], { DATABASE_URL: url }, undefined, 90_000);
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // Each case: its {"case"} line, then its replies, then its checks.
    const second = out.findIndex((o) => o.case === 'second' && !('sql' in o));
    expect(out[0]).toEqual({ case: 'first' });
    const [first, rest] = [out.slice(1, second), out.slice(second + 1)];
    expect(first.find((o) => 'text' in o)?.text).toContain('أضفت العميل فهد');
    expect(first.filter((o) => 'sql' in o)).toEqual([
      { case: 'first', sql: expect.any(String), out: '1|فهد' },
      { case: 'first', sql: 'select null::text, true', out: '|t' },
    ]);
    // the second case starts from the demo data again: the lead is new, not "already a customer"
    expect(rest.find((o) => 'text' in o)?.text).toContain('أضفت العميل فهد');
    const checks = rest.filter((o) => 'sql' in o);
    expect(checks[0]).toMatchObject({ case: 'second', out: '1' });
    expect(checks[1]).toMatchObject({ case: 'second', sql: 'select * from no_such_table' });
    expect(checks[1].error).toMatch(/no_such_table/);
  });

  it('refuses a database that is not a scratch or test database, and accepts an empty file', async () => {
    const empty = path.join(tmpdir(), `cases-${randomBytes(4).toString('hex')}.jsonl`);
    writeFileSync(empty, '');
    const refused = await runNova(['chat', '--cases', empty], { DATABASE_URL: testDatabaseUrl('nova') });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/refuses database "nova"/);
    const ok = await runNova(['chat', '--cases', empty], { DATABASE_URL: scratch() }, undefined, 90_000);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim()).toBe('');
  });
});
