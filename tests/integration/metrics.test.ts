// /metrics: Prometheus text for whoever holds the admin token, counting what Nova does (queries,
// turns, sends, jobs run without the queue, HTTP requests by route, queue depths) and never who did it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropRedisPrefix, freePort, startNova, testQueuePrefix } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const TOKEN = 'metrics-test-token-0123456789';
let database: TestDatabase;
let nova: Awaited<ReturnType<typeof startNova>>;
let base: string;
const prefix = testQueuePrefix();

beforeAll(async () => {
  database = await createTestDatabase();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  nova = await startNova(
    ['start'],
    {
      DATABASE_URL: database.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      QUEUE_PREFIX: prefix,
      ADMIN_TOKEN: TOKEN,
      NOVA_DEMO: '1',
    },
    (out) => out.includes('workers started'),
  );
});
afterAll(async () => {
  await nova?.stop();
  await dropRedisPrefix(prefix);
  await database?.drop();
});

const scrape = () => fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });

/** The value of one sample line, e.g. sample(text, 'nova_turns_total{outcome="processed"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : undefined;
}

describe('/metrics', () => {
  it('refuses a scrape without the admin token, or with another one', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
  });

  it('counts turns, queries, HTTP requests by route and queue depths after a web chat message', async () => {
    const posted = await fetch(`${base}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+966500000001', text: 'وش مواعيدي بكرة؟', clientId: 'metrics-test-0001' }),
    });
    expect(posted.status).toBe(202);
    let text = '';
    for (let i = 0; i < 200; i++) {
      text = await (await scrape()).text();
      if ((sample(text, 'nova_turns_total{outcome="processed"}') ?? 0) >= 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sample(text, 'nova_turns_total{outcome="processed"}')).toBe(1);
    expect(sample(text, 'nova_db_queries_total')).toBeGreaterThan(5);
    expect(sample(text, 'nova_turn_seconds_count')).toBe(1);
    expect(text).toContain('nova_http_requests_total{method="POST",route="/chat/api/messages",status="202"} 1');
    expect(text).toMatch(/nova_queue_jobs\{queue="inbound.process",state="completed"\} \d+/);
    // the process that stored the message turned it itself, without the queue
    expect(sample(text, 'nova_jobs_run_here_total{queue="inbound.process"}')).toBe(1);
    expect(text).toMatch(/nova_reminders\{state="late"\} 0/);
    expect(text).toMatch(/nova_process_resident_memory_bytes \d+/);
    // Counters by pattern only: no phone, no message text.
    expect(text).not.toContain('966500000001');
    expect(text).not.toContain('مواعيدي');
  });
});
