-- One row that GET /healthz rewrites, so the check commits a real write (store/sqlite/health.ts).
CREATE TABLE health_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at TEXT NOT NULL
) STRICT;
