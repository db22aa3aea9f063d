// Readiness probes of the infrastructure, used by /readyz and by start-up.
import type { Redis } from 'ioredis';
import type { Db } from '../db/client.ts';

export const postgresCheck = (db: Db) => async () => {
  await db.$queryRawUnsafe('SELECT 1');
  return { up: true };
};

export const redisCheck = (redis: Redis) => async () => {
  const answer = await redis.ping();
  return { up: answer === 'PONG' };
};

/** The queue backend through the queues' own connections (BullMQ on PostgreSQL: its schema in place). */
export const queueCheck = (jobs: { ping(): Promise<void> }) => async () => {
  await jobs.ping();
  return { up: true };
};
