import type { AssignmentRole, StaffKind } from '../store/staff.ts';

/** Which staff kinds may hold a role, and which layers its target may be on. */
export const ROLE_RULES: Record<AssignmentRole, { kinds: StaffKind[]; targets: string[]; zh: string }> = {
  directorAssistant: { kinds: ['officer'], targets: ['communities'], zh: '社区主任助理' },
  partTimeGridWorker: { kinds: ['officer', 'auxOfficer'], targets: ['grids', 'communities'], zh: '兼职网格员' },
  beatOfficer: { kinds: ['officer'], targets: ['beats'], zh: '责任区民警' },
  auxGrid: { kinds: ['auxOfficer'], targets: ['aux-grids', 'grids'], zh: '警格辅警' },
  gridWorker: { kinds: ['gridWorker'], targets: ['grids'], zh: '网格员' },
};
