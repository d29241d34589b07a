import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with node:crypto scrypt (memory-hard). Stored form:
 * `scrypt$N$r$p$saltBase64$hashBase64`, so the cost can be raised later without breaking
 * existing hashes. Passwords are never logged or served.
 */

const KEY_LENGTH = 32;
const R = 8;
const P = 1;

/** Passwords shorter than this are refused when set. */
export const MIN_PASSWORD_LENGTH = 10;

function maxmem(n: number, r: number): number {
  return 128 * n * r * 2 + 1024 * 1024;
}

/** Hashes `password` with a fresh 16-byte salt (synchronous: for start-up and admin actions). */
export function hashPasswordSync(password: string, n: number): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r: R, p: P, maxmem: maxmem(n, R) });
  return `scrypt$${n}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Hashes without blocking the event loop. */
export function hashPassword(password: string, n: number): Promise<string> {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r: R, p: P, maxmem: maxmem(n, R) }, (err, hash) => {
      if (err) reject(err);
      else resolve(`scrypt$${n}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`);
    });
  });
}

/** Checks `password` against a stored hash in constant time; a malformed hash never matches. */
export function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return Promise.resolve(false);
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (!(n > 1 && r > 0 && p > 0) || expected.length === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    scrypt(password.normalize('NFC'), salt, expected.length, { N: n, r, p, maxmem: maxmem(n, r) }, (err, hash) => {
      resolve(!err && hash.length === expected.length && timingSafeEqual(hash, expected));
    });
  });
}

/** A random password of `length` characters without look-alikes (for the first admin). */
export function randomPassword(length = 16): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

/** Why a new password is not acceptable, or null when it is. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.toLowerCase().includes(username.toLowerCase())) return 'The password must not contain the username';
  return null;
}
