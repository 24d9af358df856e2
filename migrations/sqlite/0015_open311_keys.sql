-- Open311 GeoReport v2: the keys civic-tech clients file tips with, made on the admin
-- desk and shown once; only a hash is kept. A revoked key stays, for the record.
CREATE TABLE open311_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at TEXT
);
