import { Hono } from 'hono';
import { z } from 'zod';
import { audit } from '../audit/log.ts';
import { hashPassword, passwordProblem, randomPassword } from '../auth/password.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import type { AuthRuntime } from '../auth/runtime.ts';
import { deleteUserSessions } from '../auth/sessions.ts';
import { assertScopeFits, findUser, insertUser, listUsers, publicUser, updateUser, type UserRow } from '../auth/users.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../http/errors.ts';
import { readBody } from '../http/input.ts';
import type { AppEnv } from '../http/types.ts';

const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,47}$/, 'must be 2–48 letters, digits, dots, dashes or underscores');

const createSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().max(100).optional(),
  role: z.enum(ROLES),
  scope: z.string().trim().min(1).max(40),
  /** omitted → a random one-time password is generated and returned once */
  password: z.string().max(1000).optional(),
});

const patchSchema = z
  .object({
    displayName: z.string().trim().max(100).optional(),
    role: z.enum(ROLES).optional(),
    scope: z.string().trim().min(1).max(40).optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

const resetSchema = z.object({ password: z.string().max(1000).optional() }).strict();

function userOr404(db: AuthRuntime['db'], username: string): UserRow {
  const row = findUser(db, username);
  if (!row) throw new NotFoundError(`No user "${username}"`, { username }, 'no_such_user');
  return row;
}

function enabledAdmins(db: AuthRuntime['db']): number {
  return (db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
}

/**
 * /api/users (admin only, see policy.ts): GET / → {users}; POST / {username, displayName?,
 * role, scope, password?} → 201 {user, password?}; PATCH /:username {displayName?, role?,
 * scope?, disabled?} → {user}; POST /:username/password {password?} → {user, password?}.
 * Role, scope and disabling changes end the user's sessions and are audited with before/after.
 */
export function userRoutes(auth: AuthRuntime): Hono<AppEnv> {
  const { db, config } = auth;
  return new Hono<AppEnv>()
    .get('/', (c) => c.json({ users: listUsers(db).map((u) => publicUser(db, u)) }))
    .post('/', async (c) => {
      const b = await readBody(c, createSchema);
      if (findUser(db, b.username)) throw new ConflictError(`The username "${b.username}" is taken`, { username: b.username }, 'username_taken');
      assertScopeFits(db, b.role, b.scope);
      const generated = b.password === undefined;
      const password = b.password ?? randomPassword(16);
      const problem = passwordProblem(password, b.username);
      if (problem) throw new UnprocessableError(problem, null, 'weak_password');
      insertUser(db, {
        username: b.username,
        displayName: b.displayName,
        role: b.role,
        scope: b.scope,
        passwordHash: await hashPassword(password, config.scryptN),
        mustChangePassword: true,
      });
      audit(db, { actor: c.get('user').username, action: 'user.create', entity: 'user', entityId: b.username, summary: { role: b.role, scope: b.scope } });
      const row = findUser(db, b.username)!;
      return c.json({ user: publicUser(db, row), ...(generated ? { password } : {}) }, 201);
    })
    .patch('/:username', async (c) => {
      const row = userOr404(db, c.req.param('username'));
      const p = await readBody(c, patchSchema);
      const role: Role = p.role ?? row.role;
      const scope = p.scope ?? (p.role && p.role !== row.role ? '' : row.scope);
      if (p.role !== undefined || p.scope !== undefined) assertScopeFits(db, role, scope);
      const losesAdmin = row.role === 'admin' && !row.disabled && (role !== 'admin' || p.disabled === true);
      if (losesAdmin && enabledAdmins(db) <= 1) {
        throw new ConflictError('This is the last enabled admin; create or enable another admin first', null, 'last_admin');
      }
      updateUser(db, row.id, { displayName: p.displayName, role: p.role, scope: p.role !== undefined || p.scope !== undefined ? scope : undefined, disabled: p.disabled });
      const after = findUser(db, row.username)!;
      const roleChanged = after.role !== row.role || after.scope !== row.scope;
      if (roleChanged || after.disabled !== row.disabled) deleteUserSessions(db, row.id);
      audit(db, {
        actor: c.get('user').username,
        action: roleChanged ? 'user.role' : after.disabled !== row.disabled ? (after.disabled ? 'user.disable' : 'user.enable') : 'user.update',
        entity: 'user',
        entityId: row.username,
        summary: {
          before: { role: row.role, scope: row.scope, disabled: !!row.disabled, displayName: row.display_name },
          after: { role: after.role, scope: after.scope, disabled: !!after.disabled, displayName: after.display_name },
        },
      });
      return c.json({ user: publicUser(db, after) });
    })
    .post('/:username/password', async (c) => {
      const row = userOr404(db, c.req.param('username'));
      const b = await readBody(c, resetSchema);
      const generated = b.password === undefined;
      const password = b.password ?? randomPassword(16);
      const problem = passwordProblem(password, row.username);
      if (problem) throw new UnprocessableError(problem, null, 'weak_password');
      updateUser(db, row.id, { passwordHash: await hashPassword(password, config.scryptN), mustChangePassword: true });
      deleteUserSessions(db, row.id);
      audit(db, { actor: c.get('user').username, action: 'user.password-reset', entity: 'user', entityId: row.username });
      return c.json({ user: publicUser(db, findUser(db, row.username)!), ...(generated ? { password } : {}) });
    });
}
