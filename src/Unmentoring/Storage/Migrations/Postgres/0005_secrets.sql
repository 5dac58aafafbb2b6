-- Secrets the instances share and nobody types: the key that signs participant links. Kept with the data
-- (and its backups), never in configuration or the repository.
CREATE TABLE secrets (
    name       text PRIMARY KEY,
    value      bytea NOT NULL,
    created_at timestamptz NOT NULL
);
