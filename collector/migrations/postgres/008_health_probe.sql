-- One row that GET /healthz rewrites, so the check commits a real write (store/postgres/health.ts).
CREATE TABLE health_probe (
  id integer PRIMARY KEY CHECK (id = 1),
  at iso_time NOT NULL
);
