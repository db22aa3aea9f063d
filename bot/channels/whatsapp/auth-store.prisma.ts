// The WhatsApp Web session in PostgreSQL (whatsapp_auth_keys), in place of Baileys' useMultiFileAuthState:
// a restarted process, or another machine, resumes the session without a new QR code.
//
// - One row per (channel account, type, id): type "creds" holds the credentials, the other types are
//   Baileys' signal keys (pre-key, session, sender-key, app-state-sync-key, lid-mapping, …).
// - Values are JSON written with Baileys' BufferJSON replacer and read with its reviver, so the Buffers
//   and Uint8Arrays of keys survive.
// - keys.set(batch) is one transaction: its upserts and deletes are applied together or not at all.
//   Baileys groups the key changes of one message (a new session and the pre-key it used up) in a batch;
//   half a batch would break decryption with that contact.
// - Writes of one account are serialised: in this process by a queue, across processes by a
//   transaction-scoped advisory lock (a handover between two processes never interleaves batches, and
//   concurrent batches touching the same keys in different orders cannot deadlock).
import {
  type AuthenticationCreds,
  type AuthenticationState,
  BufferJSON,
  initAuthCreds,
  proto,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from '@whiskeysockets/baileys';
import type { Db } from '../../../core/db/client.ts';

const CREDS = 'creds';

export interface PrismaAuthState {
  state: AuthenticationState;
  /** Writes the credentials as they are now (call on every creds.update). */
  saveCreds(): Promise<void>;
  /** Deletes this account's whole session (credentials and keys): the next start pairs anew. */
  clear(): Promise<void>;
}

export async function usePrismaAuthState(db: Db, channelAccountId: string): Promise<PrismaAuthState> {
  const lockKey = `whatsapp-keys:${channelAccountId}`;
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs writes one after the other; a failed write fails its caller, not the ones queued after it. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const write = (
    rows: Array<{ type: string; id: string; json: string }>,
    deletes: Array<{ type: string; id: string }>,
  ) =>
    serial(() =>
      db.$transaction(
        async (tx) => {
          await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
          if (deletes.length > 0) {
            const keys = JSON.stringify(deletes.map(({ type, id }) => ({ type, key_id: id })));
            await tx.$executeRaw`
              DELETE FROM whatsapp_auth_keys k
              USING jsonb_to_recordset(${keys}::jsonb) AS r(type text, key_id text)
              WHERE k.channel_account_id = ${channelAccountId}::uuid AND k.type = r.type AND k.key_id = r.key_id`;
          }
          if (rows.length > 0) {
            // The values are already JSON text: splice them in rather than parse and stringify again.
            const payload = `[${rows.map((r) => `{"type":${JSON.stringify(r.type)},"key_id":${JSON.stringify(r.id)},"value":${r.json}}`).join(',')}]`;
            await tx.$executeRaw`
              INSERT INTO whatsapp_auth_keys (channel_account_id, type, key_id, value, updated_at)
              SELECT ${channelAccountId}::uuid, r.type, r.key_id, r.value, now()
              FROM jsonb_to_recordset(${payload}::jsonb) AS r(type text, key_id text, value jsonb)
              ORDER BY r.type, r.key_id
              ON CONFLICT (channel_account_id, type, key_id)
              DO UPDATE SET value = EXCLUDED.value, updated_at = now()`;
          }
        },
        // Batches wait for each other behind the lock: give them room beyond Prisma's 2 s / 5 s defaults.
        { maxWait: 30_000, timeout: 30_000 },
      ),
    );

  const stored = await db.whatsappAuthKey.findUnique({
    where: { channelAccountId_type_keyId: { channelAccountId, type: CREDS, keyId: CREDS } },
    select: { value: true },
  });
  const creds: AuthenticationCreds = stored ? revive(stored.value) : initAuthCreds();

  const keys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const data: { [id: string]: SignalDataTypeMap[T] } = {};
      if (ids.length === 0) return data;
      const rows = await db.whatsappAuthKey.findMany({
        where: { channelAccountId, type, keyId: { in: ids } },
        select: { keyId: true, value: true },
      });
      for (const row of rows) {
        let value = revive(row.value);
        if (type === 'app-state-sync-key' && value) {
          // Baileys reads these as protobuf objects, not plain ones.
          value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
        }
        data[row.keyId] = value as SignalDataTypeMap[T];
      }
      return data;
    },
    async set(data: SignalDataSet) {
      const rows: Array<{ type: string; id: string; json: string }> = [];
      const deletes: Array<{ type: string; id: string }> = [];
      for (const [type, entries] of Object.entries(data)) {
        if (type === CREDS) throw new Error('"creds" is not a signal key type');
        for (const [id, value] of Object.entries(entries ?? {})) {
          if (value === null || value === undefined) deletes.push({ type, id });
          else rows.push({ type, id, json: JSON.stringify(value, BufferJSON.replacer) });
        }
      }
      if (rows.length === 0 && deletes.length === 0) return;
      await write(rows, deletes);
    },
    async clear() {
      await serial(() => db.whatsappAuthKey.deleteMany({ where: { channelAccountId, type: { not: CREDS } } }));
    },
  };

  return {
    state: { creds, keys },
    saveCreds: () => write([{ type: CREDS, id: CREDS, json: JSON.stringify(creds, BufferJSON.replacer) }], []),
    clear: async () => {
      await serial(() => db.whatsappAuthKey.deleteMany({ where: { channelAccountId } }));
    },
  };
}

/** A stored JSON value with its Buffers restored (the reviver recognises { type: 'Buffer', data }). */
function revive<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value), BufferJSON.reviver) as T;
}
