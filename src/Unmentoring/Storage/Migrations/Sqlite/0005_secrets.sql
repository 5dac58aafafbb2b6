-- Secrets the instances share and nobody types: the key that signs participant links. Kept with the data
-- (and its backups), never in configuration or the repository.
CREATE TABLE secrets (
    name       TEXT PRIMARY KEY,
    value      BLOB NOT NULL,
    created_at TEXT NOT NULL
);
