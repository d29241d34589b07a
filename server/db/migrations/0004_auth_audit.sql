-- 0004 accounts, sessions and the append-only audit log (issue 6).

-- Accounts. password_hash is 'scrypt$N$r$p$saltB64$hashB64' (node:crypto scrypt); never served.
CREATE TABLE users (
  id                   INTEGER PRIMARY KEY,
  username             TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  display_name         TEXT    NOT NULL DEFAULT '',
  role                 TEXT    NOT NULL CHECK (role IN ('admin','civil-affairs','police-station','leadership')),
  -- a county code, a station id (police-station), or 'city'
  scope                TEXT    NOT NULL,
  password_hash        TEXT    NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0,1)),
  disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  demo                 INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0,1)),
  created_at           TEXT    NOT NULL,
  updated_at           TEXT    NOT NULL
);

-- Sessions. id is the SHA-256 (hex) of the cookie's random 32-byte token, so the database
-- alone cannot be used to hijack a session. Times are epoch milliseconds.
CREATE TABLE sessions (
  id           TEXT    PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token   TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  ip           TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

-- The audit log: who, when, from where, what. Append-only (triggers below).
CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,
  at        TEXT    NOT NULL,
  actor     TEXT    NOT NULL,
  ip        TEXT,
  action    TEXT    NOT NULL,     -- e.g. feature.update, login, login.failed, user.role, export.report
  entity    TEXT,                 -- feature | staff | assignment | user | session | report ...
  entity_id TEXT,
  county    TEXT,                 -- county code the entity lies in (scoped reading), if known
  summary   TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(summary))
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_actor ON audit(actor, at);
CREATE INDEX audit_entity ON audit(entity, entity_id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be updated');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be deleted');
END;
