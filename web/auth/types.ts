import type { PublicUser } from '../../server/auth/users.ts';
import type { Permissions } from '../../server/auth/permissions.ts';

/** Roles (issue 6 contract), as the server declares them. */
export type { Role } from '../../server/auth/roles.ts';
/** What the page may offer (the server enforces it regardless), as served by /api/auth/me. */
export type { Permissions } from '../../server/auth/permissions.ts';

/** The logged-in account as served by /api/auth/me and /login (the server's public user). */
export type SessionUser = PublicUser;

/** Body of /api/auth/me and /api/auth/login. */
export interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
  permissions: Permissions;
}
