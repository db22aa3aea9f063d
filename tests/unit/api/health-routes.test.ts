// /readyz decides readiness on the critical checks only (PostgreSQL, the queue backend); the channels'
// states are reported beside them and never make Nova unready.
import { describe, expect, it } from 'vitest';
import { healthRoutes, informational, type ReadinessCheck } from '../../../api/routes/health/health.routes.ts';

const up: ReadinessCheck = async () => ({ up: true });
const down =
  (detail: string): ReadinessCheck =>
  async () => ({ up: false, detail });

async function readyz(checks: Record<string, ReadinessCheck>) {
  const response = await healthRoutes(checks).request('/readyz');
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('/readyz', () => {
  it('is ready while an informational check (WhatsApp Web waiting for its QR code) is down, and says so', async () => {
    const { status, body } = await readyz({
      postgres: up,
      redis: up,
      ...informational({ whatsapp_web: down('qr'), telegram: up }),
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      status: 'ready',
      services: { postgres: 'up', redis: 'up', whatsapp_web: 'down', telegram: 'up' },
      degraded: ['whatsapp_web'],
      details: { whatsapp_web: 'qr' },
    });
  });

  it('is 503 naming the critical check that is down, with the channels reported beside it', async () => {
    const { status, body } = await readyz({
      postgres: up,
      redis: down('connection refused'),
      ...informational({ whatsapp_web: down('qr') }),
    });
    expect(status).toBe(503);
    expect(body).toEqual({
      status: 'unavailable',
      down: ['redis'],
      degraded: ['whatsapp_web'],
      services: { postgres: 'up', redis: 'down', whatsapp_web: 'down' },
      details: { redis: 'connection refused', whatsapp_web: 'qr' },
    });
  });

  it('treats a check that throws as down, by its first line', async () => {
    const { status, body } = await readyz({
      postgres: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432\n    at somewhere');
      },
    });
    expect(status).toBe(503);
    expect(body.details).toEqual({ postgres: 'connect ECONNREFUSED 127.0.0.1:5432' });
  });

  it('keeps /healthz 200 whatever the checks say', async () => {
    const response = await healthRoutes({ postgres: down('gone') }).request('/healthz');
    expect(response.status).toBe(200);
  });
});
