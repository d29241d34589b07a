import type { Geometry } from 'geojson';
import type { LayerName } from '../domain/layers.ts';

/**
 * The demo city as plain data: what scripts/build-demo.ts generates (pure, deterministic
 * from a seed) and what server/demo/seed.ts writes into an empty database.
 * Features refer to each other by key = `${layer}:${code}`.
 */
export interface DemoFeature {
  key: string;
  layer: LayerName;
  code: string;
  name: string;
  /** key of the parent (township->county, community->township, grid->community, station->county, room->community, post->grid) */
  parentKey?: string;
  /** key of the owning station (beats, aux-grids, police-rooms, police-posts) */
  stationKey?: string;
  /** further attributes, e.g. {status:'built', openedOn:'2023-05-01', kind:'urban'} */
  props: Record<string, unknown>;
  geometry: Geometry;
}

export type StaffKind = 'officer' | 'auxOfficer' | 'gridWorker';
export type AssignmentRole = 'directorAssistant' | 'partTimeGridWorker' | 'beatOfficer' | 'auxGrid' | 'gridWorker';

export interface DemoStaff {
  key: string; // `staff:${code}`
  kind: StaffKind;
  code: string;
  name: string;
  /** station key for officers/aux officers, community key for grid workers */
  unitKey: string;
  partyMember: boolean;
  phone: string;
}

export interface DemoAssignment {
  staffKey: string;
  role: AssignmentRole;
  targetKey: string;
  since: string; // YYYY-MM-DD
}

/** One deliberate misalignment the generator made, so tests can check the engine finds exactly these. */
export interface DesignedMisalignment {
  /** 'merged': one aux-grid covers two grids (each grid stays wholly covered, the 1:1 check fails) */
  kind: 'cut-through' | 'sliver' | 'overlap' | 'gap' | 'no-zone' | 'merged';
  layer: 'beats' | 'aux-grids';
  /** codes of the police zones involved */
  zoneCodes: string[];
  /**
   * codes of the grids whose alignment status this makes non-aligned. For 'overlap' and
   * 'merged' the listed grids keep one zone covering them wholly (aligned by the 99.5 % rule);
   * the fault shows in the zone-level check (overlap between zones) or the aux-grid 1:1 check.
   */
  gridCodes: string[];
  /** approximate size, metres (sliver width / bump depth) */
  sizeM?: number;
  note: string;
}

export interface DemoCity {
  seed: number;
  features: DemoFeature[];
  staff: DemoStaff[];
  assignments: DemoAssignment[];
  misalignments: DesignedMisalignment[];
  stats: Record<string, number>;
}
