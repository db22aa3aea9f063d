// While Redis is away, every queue and worker reports the lost connection on each reconnect attempt:
// Nova logs it once per outage, as one short JSON line, and keeps reporting job failures every time.
import { describe, expect, it } from 'vitest';
import { isConnectionError, outageFilter } from '../../../core/jobs/bullmq.queue.ts';
import { createLogger } from '../../../core/shared/logger.ts';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), {
    code: 'ECONNREFUSED',
    errno: -111,
    syscall: 'connect',
    address: '127.0.0.1',
    port: 6379,
  });

describe('queue errors', () => {
  it('tells a lost connection from a failing job', () => {
    expect(isConnectionError(refused())).toBe(true);
    expect(isConnectionError(new Error('Connection is closed.'))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isConnectionError(new Error('turn failed'))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });

  it('reports a lost connection once per outage, and every other error each time', () => {
    const reported: unknown[] = [];
    const filter = outageFilter((error) => reported.push(error));
    for (let i = 0; i < 20; i++) filter.error(refused());
    filter.error(new Error('a job failed'));
    filter.error(new Error('a job failed'));
    expect(reported).toHaveLength(3);
    filter.up();
    filter.error(refused());
    filter.error(refused());
    expect(reported).toHaveLength(4);
  });

  it('logs a connection error as one JSON line with its code and address, without the stack', () => {
    const lines: string[] = [];
    const log = createLogger('warn', { write: (line: string) => void lines.push(line) });
    log.warn({ err: refused() }, 'queue unavailable');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.trimEnd().includes('\n')).toBe(false);
    expect(JSON.parse(lines[0]!).err).toEqual({
      type: 'Error',
      message: 'connect ECONNREFUSED 127.0.0.1:6379',
      code: 'ECONNREFUSED',
      syscall: 'connect',
      address: '127.0.0.1',
      port: 6379,
    });
  });
});
