import type { Feature, Geometry } from 'geojson';
import type { Db } from '../db/connection.ts';
import type { LayerName } from '../domain/layers.ts';
import type { FeaturePatch, FeatureImage } from '../store/features.ts';
import type { AssignmentImage, AssignmentPatch, NewAssignment, NewStaff, StaffImage, StaffPatch } from '../store/staff.ts';

/** A reference to an entity: an existing id, or the `ref` of an entity created earlier in the same change. */
export type EntityRef = number | string;

export type FeatureOp =
  | {
      entity: 'feature';
      op: 'create';
      /** lets later ops and lineage of the same change refer to this new feature */
      ref?: string;
      layer: LayerName;
      code: string;
      name: string;
      parentId?: EntityRef | null;
      stationId?: EntityRef | null;
      props?: Record<string, unknown>;
      geometry: Geometry;
    }
  | { entity: 'feature'; op: 'update'; id: number; baseVersion: number; set: Omit<FeaturePatch, 'parentId' | 'stationId'> & { parentId?: EntityRef | null; stationId?: EntityRef | null } }
  | { entity: 'feature'; op: 'retire'; id: number; baseVersion: number }
  /** brings a retired feature back (used by revert) */
  | { entity: 'feature'; op: 'restore'; id: number; baseVersion: number; set: FeaturePatch };

export type StaffOp =
  | ({ entity: 'staff'; op: 'create'; ref?: string } & Omit<NewStaff, 'unitId'> & { unitId: EntityRef | null })
  | { entity: 'staff'; op: 'update'; id: number; baseVersion: number; set: StaffPatch }
  | { entity: 'staff'; op: 'retire'; id: number; baseVersion: number };

export type AssignmentOp =
  | ({ entity: 'assignment'; op: 'create'; ref?: string } & Omit<NewAssignment, 'staffId' | 'targetId'> & {
        staffId: EntityRef;
        targetId: EntityRef;
      })
  /** `set.targetId` may be the ref of a feature created earlier in the change (a merged / split grid) */
  | { entity: 'assignment'; op: 'update'; id: number; baseVersion: number; set: Omit<AssignmentPatch, 'targetId'> & { targetId?: EntityRef } }
  | { entity: 'assignment'; op: 'retire'; id: number; baseVersion: number };

export type ChangeOp = FeatureOp | StaffOp | AssignmentOp;

/** A lineage link of a merge or split (from → to), by id or ref. */
export interface LineageInput {
  kind: 'merge' | 'split';
  from: EntityRef;
  to: EntityRef;
}

/** What commit() is asked to do. */
export interface ChangeInput {
  /** create|update|delete|merge|split|revert|import|realign|seed|... */
  kind: string;
  actor: string;
  reason?: string;
  ops: ChangeOp[];
  lineage?: LineageInput[];
}

export type EntityKind = 'feature' | 'staff' | 'assignment';
export type EntityImage = FeatureImage | StaffImage | AssignmentImage;

/** One entity's write within a change. */
export interface RevisionRecord {
  entity: EntityKind;
  id: number;
  /** the op's ref, if it had one */
  ref?: string;
  op: 'create' | 'update' | 'retire' | 'restore';
  version: number;
  revisionId: number;
  layer?: LayerName;
  before: EntityImage | null;
  after: EntityImage | null;
}

/** What commit hooks see. */
export interface CommitContext {
  db: Db;
  changeId: number;
  change: ChangeInput;
  at: string;
  revisions: RevisionRecord[];
}

/** A hook runs inside the commit's transaction; throwing rolls the whole change back. */
export type CommitHook = (ctx: CommitContext) => unknown;

/** Options of one commit call. */
export interface CommitOptions {
  /** clock (tests); defaults to new Date().toISOString() */
  now?: () => string;
  /** skip geometry validation (bulk seed of pre-validated data only) */
  trustedGeometry?: boolean;
  /** skip the registered hooks (the demo seed) */
  skipHooks?: boolean;
  /** false: leave CommitResult.features empty (bulk loads that do not need them) */
  returnFeatures?: boolean;
}

/** The result of a commit. */
export interface CommitResult {
  changeId: number;
  at: string;
  revisions: { entity: EntityKind; id: number; ref?: string; op: RevisionRecord['op']; version: number; revisionId: number }[];
  /** live features after the change (created/updated/restored), as served */
  features: Feature[];
  /** ids of features retired by the change */
  retired: number[];
  hookResults: Record<string, unknown>;
}
