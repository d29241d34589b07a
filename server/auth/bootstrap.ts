import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Db } from '../db/connection.ts';
import { audit } from '../audit/log.ts';
import { DEFAULT_AUTH_CONFIG } from './config.ts';
import { demoUserEntries, type DemoUserEntry } from './demo-users.ts';
import { hashPasswordSync, randomPassword } from './password.ts';
import { CITY } from './roles.ts';
import { findUser, insertUser } from './users.ts';

/** Options of {@link bootstrapAccounts}. */
export interface BootstrapOptions {
  /** create the demo accounts (when the demo city is loaded) */
  demo: boolean;
  /** where to write the demo accounts list (data/demo-users.json); null = do not write */
  demoUsersFile?: string | null;
  /** scrypt cost for the hashes made here */
  scryptN?: number;
  /** where the one-time admin password is printed (default console.log); nothing else sees it */
  print?: (line: string) => void;
}

/** What {@link bootstrapAccounts} did. */
export interface BootstrapResult {
  /** set only when the first admin was created now */
  admin?: { username: string; password: string };
  /** demo accounts now in the database (created now or before) */
  demoUsers: DemoUserEntry[];
  created: string[];
}

/**
 * First start: when no admin exists, creates `admin` with a random one-time password that
 * is printed ONCE (to `print`) and must be changed at first login. When `demo` is set and a
 * city is loaded, creates the missing demo accounts (see demo-users.ts) and writes their list
 * to `demoUsersFile` (only when its content changes). Idempotent.
 */
export function bootstrapAccounts(db: Db, opts: BootstrapOptions): BootstrapResult {
  const n = opts.scryptN ?? DEFAULT_AUTH_CONFIG.scryptN;
  const created: string[] = [];
  const result: BootstrapResult = { demoUsers: [], created };
  const hasAdmin = db.prepare("SELECT 1 FROM users WHERE role = 'admin' AND disabled = 0 AND demo = 0").get();
  if (!hasAdmin && !findUser(db, 'admin')) {
    const password = randomPassword(16);
    insertUser(db, { username: 'admin', displayName: '系统管理员', role: 'admin', scope: CITY, passwordHash: hashPasswordSync(password, n), mustChangePassword: true });
    audit(db, { actor: 'system', action: 'user.create', entity: 'user', entityId: 'admin', summary: { role: 'admin', scope: CITY, oneTimePassword: true } });
    created.push('admin');
    result.admin = { username: 'admin', password };
    const print = opts.print ?? ((line: string) => console.log(line));
    print(
      [
        '',
        '================================================================',
        ' beatgrid: first start — an administrator account was created',
        `   username: admin`,
        `   password: ${password}`,
        ' This one-time password is shown only now and must be changed at',
        ' the first login.',
        '================================================================',
        '',
      ].join('\n'),
    );
  }
  if (opts.demo) {
    const entries = demoUserEntries(db);
    for (const u of entries) {
      if (findUser(db, u.username)) continue;
      insertUser(db, { username: u.username, displayName: u.displayName, role: u.role, scope: u.scope, passwordHash: hashPasswordSync(u.password, n), demo: true });
      audit(db, { actor: 'system', action: 'user.create', entity: 'user', entityId: u.username, summary: { role: u.role, scope: u.scope, demo: true } });
      created.push(u.username);
    }
    result.demoUsers = entries;
    if (opts.demoUsersFile && entries.length) writeDemoUsersFile(opts.demoUsersFile, entries);
  }
  return result;
}

/** The contract form of the demo list: `[{username, password, role, scope}]`. */
export function demoUsersJson(entries: DemoUserEntry[]): string {
  return `${JSON.stringify(entries.map(({ username, password, role, scope }) => ({ username, password, role, scope })), null, 2)}\n`;
}

function writeDemoUsersFile(file: string, entries: DemoUserEntry[]): void {
  const text = demoUsersJson(entries);
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file); // atomic: a concurrent reader never sees half a file
}
