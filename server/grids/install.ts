import { installEditValidationHook } from '../edits/validate-edit.ts';
import { installNoticeHook } from '../notices/hook.ts';

/**
 * Registers the editing commit hooks (issue 4) once per process: edit validation (grids must
 * not add overlap or leave their community) and notices to police stations.
 */
export function installEditingHooks(): void {
  installEditValidationHook();
  installNoticeHook();
}
