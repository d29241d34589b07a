import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { stmt } from '../db/statements.ts';
import type { AuthConfig } from './config.ts';
import type { UserRow } from './users.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'beatgrid_session';

/** A live session joined with its account. */
export interface SessionInfo {
  id: string;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
  user: UserRow;
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Touch last_seen at most this often (saves a write per request). */
const TOUCH_EVERY_MS = 60_000;

/**
 * Creates a session for `userId`: a random 32-byte token for the cookie (only its SHA-256 is
 * stored) and a random CSRF token. Returns both.
 */
export function createSession(db: Db, userId: number, cfg: AuthConfig, now: number, ip: string | null): { token: string; csrfToken: string } {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  db.prepare('INSERT INTO sessions(id, user_id, csrf_token, created_at, expires_at, last_seen_at, ip) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    digest(token),
    userId,
    csrfToken,
    now,
    now + cfg.sessionMaxMs,
    now,
    ip,
  );
  return { token, csrfToken };
}

/**
 * The live session of a cookie token, or null when absent, expired (idle or absolute), or its
 * account is disabled. Expired sessions are deleted; a live one's last_seen is refreshed.
 */
export function findSession(db: Db, token: string, cfg: AuthConfig, now: number): SessionInfo | null {
  if (!token || token.length > 200) return null;
  const id = digest(token);
  const s = stmt(db, 'SELECT * FROM sessions WHERE id = ?').get(id) as
    | { id: string; user_id: number; csrf_token: string; created_at: number; expires_at: number; last_seen_at: number }
    | undefined;
  if (!s) return null;
  const user = stmt(db, 'SELECT * FROM users WHERE id = ?').get(s.user_id) as UserRow | undefined;
  if (!user || user.disabled || now >= s.expires_at || now - s.last_seen_at >= cfg.sessionIdleMs) {
    db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
    return null;
  }
  if (now - s.last_seen_at >= TOUCH_EVERY_MS) stmt(db, 'UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(now, id);
  return { id, csrfToken: s.csrf_token, createdAt: s.created_at, expiresAt: s.expires_at, lastSeenAt: now, user };
}

/** Ends the session of a cookie token (no-op when absent). */
export function deleteSession(db: Db, token: string): void {
  db.prepare('DELETE FROM sessions WHERE id = ?').run(digest(token));
}

/** Ends every session of an account (password change, disabling, role change). */
export function deleteUserSessions(db: Db, userId: number, exceptSessionId?: string): void {
  if (exceptSessionId) db.prepare('DELETE FROM sessions WHERE user_id = ? AND id <> ?').run(userId, exceptSessionId);
  else db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
}

/** Removes expired sessions (called now and then). */
export function purgeExpiredSessions(db: Db, cfg: AuthConfig, now: number): number {
  return db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?').run(now, now - cfg.sessionIdleMs).changes;
}

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfMatches(presented: string | undefined | null, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
