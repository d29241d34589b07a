-- 0003 coverage and monthly reports (月报).
-- A monthly snapshot is a county's report for a month, frozen as JSON when it is filed, so later
-- edits never change a filed report. Filing again supersedes the previous snapshot (kept, with
-- superseded_at set). source 'seed' marks the plausible past months the demo city starts with.

CREATE TABLE monthly_snapshots (
  id            INTEGER PRIMARY KEY,
  county_code   TEXT NOT NULL,
  month         TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
  source        TEXT NOT NULL CHECK (source IN ('filed','seed')),
  filed_by      TEXT NOT NULL,
  filed_at      TEXT NOT NULL,
  report        TEXT NOT NULL CHECK (json_valid(report)),
  superseded_at TEXT
);
CREATE UNIQUE INDEX monthly_snapshots_current ON monthly_snapshots(county_code, month) WHERE superseded_at IS NULL;
CREATE INDEX monthly_snapshots_month ON monthly_snapshots(month);
