import type { Db } from '../db/connection.ts';
import { UnprocessableError } from '../http/errors.ts';
import type { User } from '../http/user.ts';
import { CITY, type Role } from './roles.ts';

/** A users row (password_hash included: never serve this type, use {@link publicUser}). */
export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  scope: string;
  password_hash: string;
  must_change_password: 0 | 1;
  disabled: 0 | 1;
  demo: 0 | 1;
  created_at: string;
  updated_at: string;
}

/** What the API serves about an account (no hash). */
export interface PublicUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  scope: string;
  /** readable name of the scope: county or station name, or 'city' */
  scopeName: string;
  mustChangePassword: boolean;
  disabled: boolean;
  demo: boolean;
  createdAt: string;
}

/** The account by username (case-insensitive), or undefined. */
export function findUser(db: Db, username: string): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
}

/** The account by id, or undefined. */
export function getUser(db: Db, id: number): UserRow | undefined {
  return db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

/** All accounts, by username. */
export function listUsers(db: Db): UserRow[] {
  return db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[];
}

/** Number of accounts. */
export function userCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

/** The readable name of a scope ('city', a county name, or a station name). */
export function scopeName(db: Db, role: Role, scope: string): string {
  if (scope === CITY) return CITY;
  if (role === 'police-station') {
    const r = db.prepare("SELECT name FROM features WHERE id = ? AND layer = 'stations'").get(Number(scope)) as { name: string } | undefined;
    return r?.name ?? `station ${scope}`;
  }
  const r = db.prepare("SELECT name FROM features WHERE layer = 'counties' AND code = ? AND retired_at IS NULL").get(scope) as
    | { name: string }
    | undefined;
  return r?.name ?? `county ${scope}`;
}

/** The API view of an account. */
export function publicUser(db: Db, row: UserRow): PublicUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    scope: row.scope,
    scopeName: scopeName(db, row.role, row.scope),
    mustChangePassword: row.must_change_password === 1,
    disabled: row.disabled === 1,
    demo: row.demo === 1,
    createdAt: row.created_at,
  };
}

/** The request-user view of an account (what `c.get('user')` holds). */
export function toRequestUser(row: UserRow): User {
  return { username: row.username, role: row.role, scope: row.scope };
}

/**
 * Checks that `scope` fits `role`: admin → 'city'; civil-affairs and leadership → 'city' or the
 * code of a live county; police-station → the id of a live station. Throws 422 saying why.
 */
export function assertScopeFits(db: Db, role: Role, scope: string): void {
  if (role === 'admin') {
    if (scope !== CITY) throw new UnprocessableError(`An admin's scope must be 'city' (got "${scope}")`, { role, scope }, 'bad_scope');
    return;
  }
  if (role === 'police-station') {
    const ok = /^\d+$/.test(scope) && db.prepare("SELECT 1 FROM features WHERE id = ? AND layer = 'stations' AND retired_at IS NULL").get(Number(scope));
    if (!ok) throw new UnprocessableError(`A police-station user's scope must be the id of a police station (got "${scope}")`, { role, scope }, 'bad_scope');
    return;
  }
  if (scope === CITY) return;
  const ok = db.prepare("SELECT 1 FROM features WHERE layer = 'counties' AND code = ? AND retired_at IS NULL").get(scope);
  if (!ok) throw new UnprocessableError(`A ${role} user's scope must be 'city' or a county code (got "${scope}")`, { role, scope }, 'bad_scope');
}

/** Fields of a new account. */
export interface NewUser {
  username: string;
  displayName?: string;
  role: Role;
  scope: string;
  passwordHash: string;
  mustChangePassword?: boolean;
  demo?: boolean;
}

/** Inserts an account; returns its id. A taken username → 409 is the caller's job (UNIQUE). */
export function insertUser(db: Db, u: NewUser, now = new Date().toISOString()): number {
  const info = db
    .prepare(
      `INSERT INTO users(username, display_name, role, scope, password_hash, must_change_password, demo, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(u.username, u.displayName ?? '', u.role, u.scope, u.passwordHash, u.mustChangePassword ? 1 : 0, u.demo ? 1 : 0, now, now);
  return Number(info.lastInsertRowid);
}

/** Fields an admin may change. */
export interface UserPatch {
  displayName?: string;
  role?: Role;
  scope?: string;
  disabled?: boolean;
  passwordHash?: string;
  mustChangePassword?: boolean;
}

/** Applies a patch to an account. */
export function updateUser(db: Db, id: number, p: UserPatch, now = new Date().toISOString()): void {
  const sets: string[] = ['updated_at = ?'];
  const params: unknown[] = [now];
  if (p.displayName !== undefined) sets.push('display_name = ?'), params.push(p.displayName);
  if (p.role !== undefined) sets.push('role = ?'), params.push(p.role);
  if (p.scope !== undefined) sets.push('scope = ?'), params.push(p.scope);
  if (p.disabled !== undefined) sets.push('disabled = ?'), params.push(p.disabled ? 1 : 0);
  if (p.passwordHash !== undefined) sets.push('password_hash = ?'), params.push(p.passwordHash);
  if (p.mustChangePassword !== undefined) sets.push('must_change_password = ?'), params.push(p.mustChangePassword ? 1 : 0);
  db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
}
