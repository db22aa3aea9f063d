// The public office page's visitors: a random id in a cookie, signed with an HMAC so that nobody can
// pick another visitor's id (and read that visitor's chat).
import { createHmac, randomBytes } from 'node:crypto';
import { sameHash } from './otp-code.ts';

const ID = /^[A-Za-z0-9_-]{22}$/;

export function newVisitorId(): string {
  return randomBytes(16).toString('base64url');
}

const mac = (key: Buffer, id: string) => createHmac('sha256', key).update(`visitor.v1\0${id}`).digest('base64url');

export function signVisitor(key: Buffer, id: string): string {
  return `${id}.${mac(key, id)}`;
}

/** The visitor id of a cookie value, or null when it was not signed by this server. */
export function verifyVisitor(key: Buffer, value: string | undefined): string | null {
  if (!value) return null;
  const dot = value.indexOf('.');
  const id = value.slice(0, dot);
  if (dot < 0 || !ID.test(id)) return null;
  return sameHash(value.slice(dot + 1), mac(key, id)) ? id : null;
}
