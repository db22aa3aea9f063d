// Access tokens: the claims they carry, and every way a token that is not ours (or no longer valid) is
// refused. Refresh tokens: random, stored only as a hash.
import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { SESSION } from '../../../core/auth/auth.types.ts';
import { authKeys } from '../../../core/auth/keys.ts';
import {
  hashRefreshToken,
  newRefreshToken,
  REFRESH_TOKEN_PATTERN,
  signAccessToken,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  verifyAccessToken,
} from '../../../core/auth/tokens.ts';

const key = authKeys('a master secret of at least thirty-two characters').jwt;
const otherKey = authKeys('another master secret of thirty-two characters!').jwt;
const now = new Date('2026-12-01T09:00:00Z');
const claims = {
  userId: '7d7ab3a2-1f7e-4c1f-9a59-0b6e2f1f4a11',
  organizationId: '2b0c7c1e-58a4-4d4e-8f0e-2f8e1a7b9c30',
  role: 'broker' as const,
  sessionId: 'f3a8e2c4-9b7d-4e1a-8c6f-5d4b3a2e1f00',
};
const at = (ms: number) => new Date(now.getTime() + ms);

describe('access tokens', () => {
  it('carry sub, org, role and sid, issued by nova for members, for 15 minutes', async () => {
    const token = await signAccessToken(key, claims, now);
    expect(await verifyAccessToken(key, token, now)).toEqual(claims);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(new TextDecoder().decode(base64url.decode(part!))));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      sub: claims.userId,
      org: claims.organizationId,
      role: 'broker',
      sid: claims.sessionId,
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
    });
    expect(payload.exp - payload.iat).toBe(SESSION.accessTtlSeconds);
    expect(SESSION.accessTtlSeconds).toBe(15 * 60);
  });

  it('are refused once expired, by the time given', async () => {
    const token = await signAccessToken(key, claims, now);
    expect(await verifyAccessToken(key, token, at(14 * 60_000))).not.toBeNull();
    expect(await verifyAccessToken(key, token, at(15 * 60_000 + 1_000))).toBeNull();
  });

  it('are refused when signed with another key or altered', async () => {
    const token = await signAccessToken(key, claims, now);
    expect(await verifyAccessToken(otherKey, token, now)).toBeNull();
    const [h, p, s] = token.split('.');
    const forged = base64url.encode(
      JSON.stringify({ ...JSON.parse(new TextDecoder().decode(base64url.decode(p!))), role: 'owner' }),
    );
    expect(await verifyAccessToken(key, `${h}.${forged}.${s}`, now)).toBeNull();
  });

  it('allow HS256 only: alg none and HS512 with the same key are refused', async () => {
    const unsecured = new UnsecuredJWT({ org: claims.organizationId, role: 'owner', sid: claims.sessionId })
      .setSubject(claims.userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(now.getTime() / 1000) + 600)
      .encode();
    expect(await verifyAccessToken(key, unsecured, now)).toBeNull();
    const hs512 = await new SignJWT({ org: claims.organizationId, role: 'broker', sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject(claims.userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(now.getTime() / 1000) + 600)
      .sign(key);
    expect(await verifyAccessToken(key, hs512, now)).toBeNull();
  });

  it('are refused with another issuer or audience, or without the member claims', async () => {
    const sign = (payload: Record<string, unknown>, iss: string, aud: string) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.userId)
        .setIssuer(iss)
        .setAudience(aud)
        .setIssuedAt(Math.floor(now.getTime() / 1000))
        .setExpirationTime(Math.floor(now.getTime() / 1000) + 600)
        .sign(key);
    const full = { org: claims.organizationId, role: 'broker', sid: claims.sessionId };
    expect(await verifyAccessToken(key, await sign(full, TOKEN_ISSUER, TOKEN_AUDIENCE), now)).toEqual(claims);
    expect(await verifyAccessToken(key, await sign(full, 'someone-else', TOKEN_AUDIENCE), now)).toBeNull();
    expect(await verifyAccessToken(key, await sign(full, TOKEN_ISSUER, 'nova.admin'), now)).toBeNull();
    expect(
      await verifyAccessToken(key, await sign({ ...full, role: 'god' }, TOKEN_ISSUER, TOKEN_AUDIENCE), now),
    ).toBeNull();
    expect(
      await verifyAccessToken(
        key,
        await sign({ role: 'broker', sid: claims.sessionId }, TOKEN_ISSUER, TOKEN_AUDIENCE),
        now,
      ),
    ).toBeNull();
  });

  it('refuse garbage without throwing', async () => {
    for (const junk of ['', 'a.b.c', 'not a token', '..', 'eyJhbGciOiJIUzI1NiJ9..x'])
      expect(await verifyAccessToken(key, junk, now)).toBeNull();
  });
});

describe('refresh tokens', () => {
  it('are 32 random bytes in base64url, stored as their SHA-256', () => {
    const tokens = new Set(Array.from({ length: 200 }, newRefreshToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(REFRESH_TOKEN_PATTERN);
    const token = newRefreshToken();
    expect(hashRefreshToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(token)).toBe(hashRefreshToken(token));
    expect(hashRefreshToken(token)).not.toContain(token);
  });
});
