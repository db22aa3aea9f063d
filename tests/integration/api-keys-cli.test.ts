// `nova apikey` through the real command: a key printed once (only its hash stored), listed by prefix
// and never in clear, revoked by id or prefix; unknown members and offices refused in one line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../core/apikeys/apikeys.keys.ts';
import { createApiKeysService } from '../../core/apikeys/apikeys.service.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { runNova } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let database: TestDatabase;
const nova = (...args: string[]) =>
  runNova(args, {
    DATABASE_URL: database.url,
    NOVA_SECRET_KEY: 'apikey-cli-test-secret-key-0123456789',
    LOG_LEVEL: 'warn',
  });

beforeAll(async () => {
  database = await createTestDatabase();
  const org = await database.db.organization.create({ data: { name: 'مكتب المفاتيح', slug: 'keys-office' } });
  await database.db.user.create({
    data: { organizationId: org.id, name: 'وسيط', phone: '+966551230001', role: 'broker' },
  });
});
afterAll(async () => {
  await database?.drop();
});

describe('nova apikey', () => {
  it('creates a read-only key for a member by phone, prints it once, and stores only its hash', async () => {
    const created = await nova(
      'apikey',
      'create',
      '--org',
      'keys-office',
      '--member',
      '0551230001',
      '--read-only',
      '--name',
      'sheet sync',
    );
    expect(created.code, created.stderr).toBe(0);
    const key = created.stdout.match(/nova_[A-Za-z0-9_-]{43}/)?.[0];
    expect(key).toBeDefined();
    expect(created.stdout).toContain('read-only');
    const row = await database.db.apiKey.findFirstOrThrow({ where: { name: 'sheet sync' } });
    expect(row).toMatchObject({ keyHash: hashApiKey(key!), readOnly: true, revokedAt: null });
    const verified = await createApiKeysService({ db: database.db, clock: systemClock }).verify(key!);
    expect(verified).toMatchObject({ keyId: row.id, readOnly: true });

    const listed = await nova('apikey', 'list', '--org', 'keys-office');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(row.prefix);
    expect(listed.stdout).toContain('sheet sync');
    expect(listed.stdout).not.toContain(key!);

    const revoked = await nova('apikey', 'revoke', '--org', 'keys-office', '--id', row.prefix);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect((await database.db.apiKey.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
    expect(await createApiKeysService({ db: database.db, clock: systemClock }).verify(key!)).toBeNull();
    expect((await nova('apikey', 'list', '--org', 'keys-office')).stdout).toMatch(/revoked/);
  });

  it('refuses a phone that is no member, an unknown office and a missing option, in one line', async () => {
    const stranger = await nova('apikey', 'create', '--org', 'keys-office', '--member', '0559999999');
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toMatch(/^nova: APIKEY\.MEMBER_NOT_FOUND: /);
    const office = await nova('apikey', 'create', '--org', 'no-such-office', '--member', '0551230001');
    expect(office.code).toBe(1);
    expect(office.stderr).toContain('no office with the slug');
    const usage = await nova('apikey', 'create', '--org', 'keys-office');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--member is required');
    expect(await database.db.apiKey.count()).toBe(1);
  });
});
