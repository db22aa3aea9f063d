// Runs a change in one transaction: a new one over the client, or (inside a chat turn, whose core is
// built over the turn's transaction) a nested one, so that the whole change commits or none of it.
import type { Db, DbTx } from '../db/client.ts';

export function atomically<T>(db: DbTx, work: (tx: DbTx) => Promise<T>): Promise<T> {
  const client = db as Partial<Pick<Db, '$transaction'>>;
  if (typeof client.$transaction !== 'function') return work(db);
  return (db as Db).$transaction((tx) => work(tx));
}
