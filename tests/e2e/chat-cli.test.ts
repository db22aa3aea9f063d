// The scenario runner and the console chat, run as a user runs them.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropRedisPrefix, ROOT, runNova, testQueuePrefix } from '../support/cli.ts';
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
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/nova.ts', 'chat', '--from', '+966500000002'], {
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
