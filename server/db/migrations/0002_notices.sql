-- 0002 notices (告知): a grid change that touches a police station's beats or aux-grids by
-- area raises one notice for that station, created in the same transaction as the change.
-- The station acknowledges it, realigns its zones and resolves it; notice_events is the timeline.

CREATE TABLE notices (
  id               INTEGER PRIMARY KEY,
  station_id       INTEGER NOT NULL REFERENCES features(id),
  change_id        INTEGER NOT NULL REFERENCES changes(id),
  caused_by        TEXT    NOT NULL,                -- actor of the change (username)
  kind             TEXT    NOT NULL CHECK (kind IN ('gridMerge','gridSplit','gridAdjust')),
  status           TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open','acknowledged','resolved')),
  deadline         TEXT    NOT NULL,                -- ISO time; overdue = not resolved and now > deadline
  created_at       TEXT    NOT NULL,
  acknowledged_by  TEXT,
  acknowledged_at  TEXT,
  resolved_by      TEXT,
  resolved_at      TEXT,
  resolve_note     TEXT,
  -- {grids:[{id,code,name,how,areaMovedM2,before,after}], zones:[{id,layer,code,name,touchedM2}]}
  summary          TEXT    NOT NULL CHECK (json_valid(summary)),
  version          INTEGER NOT NULL DEFAULT 1,
  UNIQUE (change_id, station_id)
);
CREATE INDEX notices_station ON notices(station_id, status);
CREATE INDEX notices_caused_by ON notices(caused_by, status);
CREATE INDEX notices_change ON notices(change_id);

CREATE TABLE notice_events (
  id         INTEGER PRIMARY KEY,
  notice_id  INTEGER NOT NULL REFERENCES notices(id),
  at         TEXT    NOT NULL,
  actor      TEXT    NOT NULL,
  kind       TEXT    NOT NULL CHECK (kind IN ('created','acknowledged','resolved')),
  note       TEXT
);
CREATE INDEX notice_events_notice ON notice_events(notice_id);

INSERT OR IGNORE INTO settings(key, value) VALUES ('notices.deadlineDays', '7');
