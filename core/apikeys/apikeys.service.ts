// API keys of an office, for its integrations (a website's contact form, a spreadsheet sync, n8n):
// created and revoked by the office's owner (or the operator's `nova apikey`), shown once, stored as a
// SHA-256 (apikeys.keys.ts). A key acts as the member it names, so that his role applies to every call;
// a read-only key reads only (the API refuses its writes). A revoked key, or the key of a member who is
// no longer active, opens nothing. Creating and revoking are audited.
//
// verify() starts from the credential itself (like a session's refresh token), which names the office.
import { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import type { Clock } from '../shared/clock.ts';
import { PG, sqlState } from '../shared/errors.ts';
import { toE164 } from '../shared/phone.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { ForbiddenError } from '../teams/authorize.ts';
import { API_KEY_PATTERN, hashApiKey, newApiKey } from './apikeys.keys.ts';

export type ApiKeyErrorCode = 'APIKEY.INVALID_INPUT' | 'APIKEY.MEMBER_NOT_FOUND' | 'APIKEY.NOT_FOUND';

/** lastUsedAt is written at most this often per key (a busy integration would write it on every call) */
export const LAST_USED_EVERY_MS = 60_000;

export const newApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** the member the key acts as: by id … */
    userId: z.uuid().optional(),
    /** … or by phone (any spelling) */
    phone: z.string().trim().min(1).max(40).optional(),
    readOnly: z.boolean().default(false),
  })
  .refine((k) => (k.userId === undefined) !== (k.phone === undefined), {
    message: 'name the member by userId or by phone (one of them)',
    path: ['userId'],
  });
export type NewApiKey = z.input<typeof newApiKeySchema>;

export interface ApiKeyInfo {
  id: string;
  name: string;
  /** the key's first characters, to tell keys apart */
  prefix: string;
  readOnly: boolean;
  userId: string;
  memberName: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

/** What a valid key stands for. */
export interface ApiKeyCredential {
  keyId: string;
  organizationId: string;
  userId: string;
  readOnly: boolean;
}

const INFO_SELECT = {
  id: true,
  name: true,
  prefix: true,
  readOnly: true,
  userId: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
  user: { select: { name: true } },
} as const;

type InfoRow = {
  id: string;
  name: string;
  prefix: string;
  readOnly: boolean;
  userId: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  user: { name: string };
};

const toInfo = ({ user, ...row }: InfoRow): ApiKeyInfo => ({ ...row, memberName: user.name });

/** Keys are the owner's to give (and Nova's operator's, through `nova apikey`). */
function authorizeOwner(scope: Scope, command: string) {
  if (scope.role === 'system' || (scope.role === 'owner' && scope.userId)) return;
  throw new ForbiddenError('settings', 'edit', command);
}

export function createApiKeysService({ db, clock }: { db: DbTx; clock: Clock }) {
  return {
    /** A new key for a member of the office; the key itself is in the answer, and nowhere else ever. */
    async create(scope: Scope, input: NewApiKey): Promise<Result<ApiKeyInfo & { key: string }, ApiKeyErrorCode>> {
      authorizeOwner(scope, 'apikey.create');
      const parsed = newApiKeySchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return err('APIKEY.INVALID_INPUT', { field: issue?.path.join('.') ?? '', message: issue?.message ?? '' });
      }
      const { name, readOnly, userId, phone: rawPhone } = parsed.data;
      const phone = rawPhone === undefined ? undefined : toE164(rawPhone);
      if (rawPhone !== undefined && !phone) return err('APIKEY.MEMBER_NOT_FOUND');
      const member = await db.user.findFirst({
        where: { organizationId: scope.organizationId, status: 'active', ...(userId ? { id: userId } : { phone }) },
        select: { id: true },
      });
      if (!member) return err('APIKEY.MEMBER_NOT_FOUND');
      for (let attempt = 0; ; attempt++) {
        const fresh = newApiKey();
        try {
          const row = await db.apiKey.create({
            data: {
              organizationId: scope.organizationId,
              userId: member.id,
              name,
              prefix: fresh.prefix,
              keyHash: fresh.hash,
              readOnly,
              createdById: scope.userId ?? null,
              createdAt: clock.now(),
            },
            select: INFO_SELECT,
          });
          await audit(db, scope, {
            action: 'apikey.created',
            entityType: 'api_key',
            entityId: row.id,
            details: { userId: member.id, readOnly },
          });
          return ok({ ...toInfo(row), key: fresh.key });
        } catch (error) {
          // two keys with the same first 13 characters: draw again (48 random bits make it a curiosity)
          if (sqlState(error) !== PG.uniqueViolation || attempt >= 2) throw error;
        }
      }
    },

    /** The office's keys, newest first (revoked ones too: the list is also their history). */
    async list(scope: Scope): Promise<ApiKeyInfo[]> {
      authorizeOwner(scope, 'apikey.list');
      const rows = await db.apiKey.findMany({
        where: { organizationId: scope.organizationId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: INFO_SELECT,
      });
      return rows.map(toInfo);
    },

    async get(scope: Scope, id: string): Promise<Result<ApiKeyInfo, ApiKeyErrorCode>> {
      authorizeOwner(scope, 'apikey.get');
      const row = await db.apiKey.findFirst({
        where: { id, organizationId: scope.organizationId },
        select: INFO_SELECT,
      });
      return row ? ok(toInfo(row)) : err('APIKEY.NOT_FOUND');
    },

    /** Revokes a key at once; revoking it again changes nothing. */
    async revoke(scope: Scope, id: string): Promise<Result<ApiKeyInfo, ApiKeyErrorCode>> {
      authorizeOwner(scope, 'apikey.revoke');
      const { count } = await db.apiKey.updateMany({
        where: { id, organizationId: scope.organizationId, revokedAt: null },
        data: { revokedAt: clock.now() },
      });
      const row = await db.apiKey.findFirst({
        where: { id, organizationId: scope.organizationId },
        select: INFO_SELECT,
      });
      if (!row) return err('APIKEY.NOT_FOUND');
      if (count > 0) {
        await audit(db, scope, { action: 'apikey.revoked', entityType: 'api_key', entityId: id });
      }
      return ok(toInfo(row));
    },

    /**
     * What a key stands for, if it is a key of ours, not revoked, and its member is still an active
     * member of the office; null otherwise. Notes the use (at most once a minute per key).
     */
    async verify(key: string): Promise<ApiKeyCredential | null> {
      if (!API_KEY_PATTERN.test(key)) return null;
      const row = await db.apiKey.findUnique({
        where: { keyHash: hashApiKey(key) },
        select: {
          id: true,
          organizationId: true,
          userId: true,
          readOnly: true,
          revokedAt: true,
          lastUsedAt: true,
          user: { select: { status: true, organizationId: true } },
        },
      });
      if (!row || row.revokedAt || row.user.status !== 'active' || row.user.organizationId !== row.organizationId)
        return null;
      const now = clock.now();
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
        await db.apiKey.updateMany({
          where: {
            id: row.id,
            OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_EVERY_MS) } }],
          },
          data: { lastUsedAt: now },
        });
      }
      return { keyId: row.id, organizationId: row.organizationId, userId: row.userId, readOnly: row.readOnly };
    },
  };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
