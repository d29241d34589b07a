import type { Geometry } from 'geojson';
import type { AssignmentRole, StaffKind } from '../demo/types.ts';
import type { FacilityStatus } from '../domain/layers.ts';

/**
 * Plain inputs and outputs of the coverage module (server/coverage/compute.ts). No database,
 * no HTTP: the loader (load.ts) reads these from SQLite, tests build them by hand.
 */

/** Administrative levels a coverage row can be computed for, from the top down. */
export const COVERAGE_LEVELS = ['city', 'county', 'township', 'community', 'grid'] as const;
export type CoverageLevel = (typeof COVERAGE_LEVELS)[number];

/** Administrative layer names of the levels below the city. */
export type AdminLayer = 'counties' | 'townships' | 'communities' | 'grids';

/** One administrative unit (county, township, community or grid). */
export interface AdminUnit {
  id: number;
  layer: AdminLayer;
  code: string;
  name: string;
  /** township → county, community → township, grid → community; null for counties */
  parentId: number | null;
}

/** A grid with the geometry facts the distance analysis needs. */
export interface GridGeometry {
  id: number;
  /** representative point [lon, lat]: the centroid, or a point on the surface when the centroid falls outside */
  point: [number, number];
  /** geodesic area, m² */
  areaM2: number;
  /** urban or rural by the grid's own `kind` prop; absent → decided by its county (settings.urbanCountyCodes) */
  urban?: boolean;
}

/** A police room (belongs to a community) or a police post (belongs to a grid). */
export interface Facility {
  id: number;
  kind: 'room' | 'post';
  code: string;
  name: string;
  /** community id (room) or grid id (post); null when not placed in a unit */
  parentId: number | null;
  status: FacilityStatus;
  lon: number;
  lat: number;
}

/** A police station: the unit officers and aux officers belong to. */
export interface Station {
  id: number;
  /** county id the station belongs to (features.parent_id) */
  countyId: number | null;
}

/** A beat and the grids it covers (a grid is covered when its representative point lies in the beat). */
export interface BeatCover {
  id: number;
  gridIds: number[];
}

export interface StaffMember {
  id: number;
  kind: StaffKind;
  code: string;
  name: string;
  /** station (officers, aux officers) or community (grid workers) */
  unitId: number | null;
  partyMember: boolean;
}

/** A live assignment (already filtered to those in force). */
export interface Assignment {
  staffId: number;
  role: AssignmentRole;
  targetId: number;
}

/** Alignment status of a grid as reported by the alignment engine (H8's store). */
export type GridAlignment = 'aligned' | 'split' | 'partial' | 'uncovered' | string;

/** A notice to a police station, reduced to what coverage counts. */
export interface NoticeFact {
  /** county the notice belongs to (via its grid or its station); null when unknown */
  countyId: number | null;
  /** grid the notice is about, when known */
  gridId: number | null;
  open: boolean;
  overdue: boolean;
}

/** Tunable parameters (stored in `settings`, see settings.ts). */
export interface CoverageSettings {
  /** an officer serving more grids than this is overloaded */
  maxGridsPerOfficer: number;
  /** reach distance for urban grids, metres */
  urbanReachM: number;
  /** reach distance for rural grids, metres */
  ruralReachM: number;
  /** county codes whose grids count as urban (default 东昌区 220502) */
  urbanCountyCodes: string[];
}

/** Everything compute() needs. */
export interface CoverageInput {
  units: AdminUnit[];
  facilities: Facility[];
  stations: Station[];
  beats: BeatCover[];
  staff: StaffMember[];
  assignments: Assignment[];
  /** grid id → alignment status; undefined when no alignment result exists */
  alignment?: Map<number, GridAlignment>;
  /** undefined when there is no notices table */
  notices?: NoticeFact[];
  /** grid geometry facts; grids absent here get no distance figures */
  gridGeometry?: GridGeometry[];
  settings: CoverageSettings;
}

/** A share with its numerator and denominator; `share` is null when the denominator is 0. */
export interface Ratio {
  n: number;
  of: number;
  share: number | null;
}

/** The coverage figures of one unit. */
export interface CoverageRow {
  level: CoverageLevel;
  id: number | null;
  code: string;
  name: string;
  /** code of the county this unit is in (null for the city) */
  countyCode: string | null;
  communities: number;
  grids: number;
  /** communities with a police room that is built or staffed */
  room: Ratio;
  /** communities whose only room(s) are planned */
  roomPlannedOnly: number;
  /** grids with a police post that is built or staffed */
  post: Ratio;
  /** grids whose only post(s) are planned */
  postPlannedOnly: number;
  /** 一村（格）一警: grids with an officer (see compute.ts gridHasOfficer) */
  officer: Ratio;
  /** communities with a non-party-member officer as director assistant (主任助理) */
  directorAssistant: Ratio;
  /** communities whose director assistant is a party member (irregular per the notice) */
  partyMemberAssistants: number;
  /** officers and aux officers serving as part-time grid workers, of all officers and aux officers of the unit's stations (county and city only, else null) */
  partTimeGridWorker: Ratio | null;
  /** grids whose alignment status is `aligned`, of grids with a known status; null when no alignment result exists */
  aligned: Ratio | null;
  /** open / overdue notices; null when there is no notices table */
  noticesOpen: number | null;
  noticesOverdue: number | null;
  /** grids with no officer, communities with no director assistant */
  vacantGrids: number;
  vacantCommunities: number;
  /** officers over the maximum number of grids, among those serving grids of this unit */
  overloadedOfficers: number;
  /** share of grid area whose representative point is within reach of a built/staffed room or post (m²) */
  reach: { areaM2: number; ofM2: number; share: number | null } | null;
}

/** Why a unit is a vacancy. */
export interface Vacancy {
  kind: 'grid-without-officer' | 'community-without-assistant' | 'community-without-room' | 'grid-without-post';
  id: number;
  code: string;
  name: string;
  countyCode: string | null;
}

/** An officer serving more grids than the maximum. */
export interface Overload {
  staffId: number;
  code: string;
  name: string;
  grids: number;
  max: number;
  countyCodes: string[];
}

/** Distance facts of one grid. */
export interface GridDistance {
  gridId: number;
  code: string;
  countyCode: string | null;
  point: [number, number];
  areaM2: number;
  urban: boolean;
  reachM: number;
  /** metres to the nearest built/staffed room, post, and either; null when there is none */
  toRoomM: number | null;
  toPostM: number | null;
  nearestM: number | null;
  withinReach: boolean;
}
