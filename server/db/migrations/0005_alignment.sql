-- 0005 alignment (issue 3): the persisted result of the alignment engine, kept current by the
-- alignment commit hook (server/alignment-service). Derived data: it can always be rebuilt
-- from `features`, and is rebuilt whenever its state token disagrees with the warm index.

-- Per police layer and grid: the grid's alignment status (aligned | split | partial | uncovered),
-- its dominant zone and covered share. Coverage (issue 5) reads "share aligned" from here.
CREATE TABLE alignment_grids (
  layer         TEXT    NOT NULL CHECK (layer IN ('beats','aux-grids')),
  grid_id       INTEGER NOT NULL REFERENCES features(id),
  status        TEXT    NOT NULL CHECK (status IN ('aligned','split','partial','uncovered')),
  zone_id       INTEGER,            -- the zone holding most of the grid (NULL when none)
  covered_share REAL    NOT NULL,
  computed_at   TEXT    NOT NULL,
  PRIMARY KEY (layer, grid_id)
);
CREATE INDEX alignment_grids_status ON alignment_grids(layer, status);

-- Per police layer: which state the rows above reflect. `token` is rewritten inside every
-- commit that the hook applied, so a rolled-back commit (whose token write rolls back too)
-- is detected by the warm index and undone; `change_id` is the last change applied.
CREATE TABLE alignment_state (
  layer       TEXT PRIMARY KEY CHECK (layer IN ('beats','aux-grids')),
  token       TEXT    NOT NULL,
  change_id   INTEGER NOT NULL,
  summary     TEXT    NOT NULL CHECK (json_valid(summary)),
  computed_at TEXT    NOT NULL
);
