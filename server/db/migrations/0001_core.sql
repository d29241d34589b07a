-- 0001 core: the map's features, staff, assignments and the write history.
-- Geometry is GeoJSON text (WGS84, RFC 7946); its bbox lives in the R*Tree features_rtree
-- (same id), so bbox queries are index lookups. Features are soft-deleted (retired_at) so
-- history and lineage stay queryable.

CREATE TABLE features (
  id          INTEGER PRIMARY KEY,
  layer       TEXT    NOT NULL CHECK (layer IN ('counties','townships','communities','grids',
                'stations','beats','aux-grids','police-rooms','police-posts')),
  code        TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  -- admin hierarchy: township->county, community->township, grid->community;
  -- station->county; police-room->community; police-post->grid
  parent_id   INTEGER REFERENCES features(id),
  -- owning police station of beats, aux-grids and police-posts (and police-rooms)
  station_id  INTEGER REFERENCES features(id),
  props       TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(props)),
  geometry    TEXT    NOT NULL CHECK (json_valid(geometry)),
  -- exact [minx,miny,maxx,maxy] of the geometry as JSON text, spliced into served features
  -- (the R*Tree below holds float32-rounded boxes for the index)
  bbox        TEXT,
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL,
  retired_at  TEXT
);
CREATE UNIQUE INDEX features_layer_code_live ON features(layer, code) WHERE retired_at IS NULL;
CREATE INDEX features_layer ON features(layer, retired_at);
CREATE INDEX features_parent ON features(parent_id);
CREATE INDEX features_station ON features(station_id);

-- Bounding boxes of live features (rows are removed when a feature retires).
CREATE VIRTUAL TABLE features_rtree USING rtree(id, minx, maxx, miny, maxy);

-- Staff: name, role, unit and a contact phone only. No residents' personal data anywhere.
CREATE TABLE staff (
  id           INTEGER PRIMARY KEY,
  kind         TEXT    NOT NULL CHECK (kind IN ('officer','auxOfficer','gridWorker')),
  code         TEXT    NOT NULL UNIQUE,
  name         TEXT    NOT NULL,
  unit_id      INTEGER REFERENCES features(id),   -- station (officers, aux officers) or community (grid workers)
  party_member INTEGER NOT NULL DEFAULT 0 CHECK (party_member IN (0,1)),
  phone        TEXT,
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT    NOT NULL,
  retired_at   TEXT
);
CREATE INDEX staff_unit ON staff(unit_id);

-- Assignments: officer as community director assistant (directorAssistant) and part-time
-- grid worker (partTimeGridWorker), officer responsible for a beat (beatOfficer),
-- auxiliary officer to an aux-grid or grid (auxGrid), grid worker to a grid (gridWorker).
CREATE TABLE assignments (
  id          INTEGER PRIMARY KEY,
  staff_id    INTEGER NOT NULL REFERENCES staff(id),
  role        TEXT    NOT NULL CHECK (role IN ('directorAssistant','partTimeGridWorker','beatOfficer','auxGrid','gridWorker')),
  target_id   INTEGER NOT NULL REFERENCES features(id),
  since       TEXT    NOT NULL,
  until       TEXT,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX assignments_staff ON assignments(staff_id);
CREATE INDEX assignments_target ON assignments(target_id);

-- One row per commit(): who, when, what kind of change, why.
CREATE TABLE changes (
  id        INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL,          -- create|update|delete|merge|split|revert|import|realign|seed|...
  actor     TEXT NOT NULL,          -- username (or 'system')
  reason    TEXT NOT NULL DEFAULT '',
  at        TEXT NOT NULL
);

-- One row per entity touched by a change: full before/after images (JSON) so every
-- write can be shown and reverted.
CREATE TABLE revisions (
  id         INTEGER PRIMARY KEY,
  change_id  INTEGER NOT NULL REFERENCES changes(id),
  entity     TEXT    NOT NULL,      -- 'feature' | 'staff' | 'assignment'
  entity_id  INTEGER NOT NULL,
  layer      TEXT,                  -- for features
  version    INTEGER NOT NULL,      -- version after the change
  op         TEXT    NOT NULL CHECK (op IN ('create','update','retire','restore')),
  before     TEXT,                  -- JSON image or NULL on create
  after      TEXT                   -- JSON image or NULL on retire
);
CREATE INDEX revisions_entity ON revisions(entity, entity_id);
CREATE INDEX revisions_change ON revisions(change_id);

-- Merge/split lineage: which feature became which, and when.
CREATE TABLE lineage (
  id         INTEGER PRIMARY KEY,
  change_id  INTEGER NOT NULL REFERENCES changes(id),
  kind       TEXT    NOT NULL CHECK (kind IN ('merge','split')),
  from_id    INTEGER NOT NULL REFERENCES features(id),
  to_id      INTEGER NOT NULL REFERENCES features(id),
  at         TEXT    NOT NULL
);
CREATE INDEX lineage_from ON lineage(from_id);
CREATE INDEX lineage_to ON lineage(to_id);

-- Key/value settings (admin-managed; e.g. basemap URL, overload maximum).
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
