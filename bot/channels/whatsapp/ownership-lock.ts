// One process owns a WhatsApp number at a time. Two clients on the same session replace each other
// (WhatsApp closes the older with "connection replaced") and would fight over the signal keys, so
// before connecting, a channel takes this lock and holds it as long as it runs.
//
// The lock is a PostgreSQL session advisory lock, held on a connection of its own:
//   pg_try_advisory_lock(hashtextextended('whatsapp:' || account id, 0))
// Why PostgreSQL and not a Redis lock with renewal: the session's keys live in PostgreSQL already, and a
// session lock needs no TTL to tune: it is released by `release()` or, when the process dies or its
// network goes, by PostgreSQL ending the session. No renewal can lapse during a long pause.
// The cost is one dedicated connection per number, and it must be a direct (or session-pooled)
// connection: behind PgBouncer in transaction mode a session lock does not work.
//
// If the lock connection drops while held, the lock is gone (another process may now take it):
// `onLost` fires and the channel must stop using the number at once. A heartbeat query notices a
// connection that died silently.
import pg from 'pg';

export interface OwnershipLock {
  /** Takes the lock if free. true = this process now owns the number (also when it already did). */
  tryAcquire(): Promise<boolean>;
  /** Gives the lock back and closes its connection. Safe to call when not held. */
  release(): Promise<void>;
  held(): boolean;
}

export interface OwnershipLockOptions {
  databaseUrl: string;
  accountId: string;
  /** called once when a held lock is lost with its connection */
  onLost?: (error: Error) => void;
  /** how often the held connection is checked; 0 = never (default 15 s) */
  heartbeatMs?: number;
}

export const lockName = (accountId: string) => `whatsapp:${accountId}`;

export function createOwnershipLock(options: OwnershipLockOptions): OwnershipLock {
  const { databaseUrl, accountId, onLost, heartbeatMs = 15_000 } = options;
  let client: pg.Client | undefined;
  let isHeld = false;
  let heartbeat: NodeJS.Timeout | undefined;

  const lost = (error: Error) => {
    const wasHeld = isHeld;
    stopHeartbeat();
    isHeld = false;
    const dead = client;
    client = undefined;
    dead?.end().catch(() => undefined);
    if (wasHeld) onLost?.(error);
  };

  function stopHeartbeat() {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
  }

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client({
      connectionString: databaseUrl,
      application_name: `nova-whatsapp-lock`,
      // Let TCP notice a vanished database server too, not only the heartbeat.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    next.on('error', (error) => {
      if (client === next) lost(error);
    });
    next.on('end', () => {
      if (client === next) lost(new Error('ownership lock connection ended'));
    });
    await next.connect();
    return next;
  }

  return {
    async tryAcquire() {
      if (isHeld && client) return true;
      if (!client) client = await connect();
      const mine = client;
      try {
        const result = await mine.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
          [lockName(accountId)],
        );
        if (client !== mine) return false;
        isHeld = result.rows[0]?.locked === true;
      } catch (error) {
        if (client === mine) {
          client = undefined;
          await mine.end().catch(() => undefined);
        }
        throw error;
      }
      if (!isHeld) {
        // Do not keep an idle connection open while another process owns the number.
        client = undefined;
        await mine.end().catch(() => undefined);
        return false;
      }
      if (heartbeatMs > 0) {
        heartbeat = setInterval(() => {
          if (!isHeld || client !== mine) return;
          mine.query('SELECT 1').catch((error: Error) => {
            if (client === mine) lost(error);
          });
        }, heartbeatMs);
        heartbeat.unref();
      }
      return true;
    },

    async release() {
      stopHeartbeat();
      const mine = client;
      const wasHeld = isHeld;
      client = undefined;
      isHeld = false;
      if (!mine) return;
      try {
        if (wasHeld) await mine.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName(accountId)]);
      } catch {
        // the session is going away anyway, and with it the lock
      } finally {
        await mine.end().catch(() => undefined);
      }
    },

    held: () => isHeld,
  };
}
