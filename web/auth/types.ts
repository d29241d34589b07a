import type { LayerName } from '../../server/domain/layers.ts';

/** Roles (issue 6 contract). */
export type Role = 'admin' | 'civil-affairs' | 'police-station' | 'leadership';

/** The logged-in account as served by /api/auth/me and /login. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  scope: string;
  scopeName: string;
  mustChangePassword: boolean;
  demo: boolean;
}

/** What the page may offer (the server enforces it regardless). */
export interface Permissions {
  editLayers: LayerName[];
  linkOnlyLayers: LayerName[];
  mergeSplitGrids: boolean;
  handleNotices: boolean;
  editStaff: boolean;
  readAudit: boolean;
  manageUsers: boolean;
  readOnly: boolean;
}

/** Body of /api/auth/me and /api/auth/login. */
export interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
  permissions: Permissions;
}
