import type { LayerName } from '../domain/layers.ts';
import type { User } from '../http/user.ts';
import { writableLayers } from './write-rules.ts';

/** What the page may offer a user (the server enforces it regardless). */
export interface Permissions {
  /** layers the user may edit (scope still applies per feature) */
  editLayers: LayerName[];
  /** civil affairs: only the community/grid link of these facility layers */
  linkOnlyLayers: LayerName[];
  mergeSplitGrids: boolean;
  handleNotices: boolean;
  editStaff: boolean;
  readAudit: boolean;
  manageUsers: boolean;
  readOnly: boolean;
}

/** The permissions of a role and scope, as served by GET /api/auth/me. */
export function permissionsOf(user: User): Permissions {
  const admin = user.role === 'admin';
  const civil = user.role === 'civil-affairs';
  return {
    editLayers: civil ? ['townships', 'communities', 'grids'] : writableLayers(user),
    linkOnlyLayers: civil ? ['police-rooms', 'police-posts'] : [],
    mergeSplitGrids: admin || civil,
    handleNotices: admin || user.role === 'police-station',
    editStaff: admin || civil || user.role === 'police-station',
    readAudit: admin || user.role === 'leadership',
    manageUsers: admin,
    readOnly: user.role === 'leadership',
  };
}
