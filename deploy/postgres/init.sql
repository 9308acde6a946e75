-- One database per service: each service owns its event store, read tables and checkpoints.
-- Run by the postgres image on the first start of an empty volume (/docker-entrypoint-initdb.d)
-- and again on every `docker compose up` by the one-shot postgres-init service, so a service
-- added later gets its database on an existing volume too. Idempotent; by hand:
--   psql -v ON_ERROR_STOP=1 -h HOST -U postgres -d postgres -f deploy/postgres/init.sql
-- Adding a service: add its database to the list below.
SELECT format('CREATE DATABASE %I', wanted.name)
FROM (
  VALUES
    ('bulwark_roster'),
    ('bulwark_reporting'),
    ('bulwark_isolation'),
    ('bulwark_meals'),
    ('bulwark_volunteers'),
    ('bulwark_audit')
) AS wanted(name)
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = wanted.name)
\gexec
