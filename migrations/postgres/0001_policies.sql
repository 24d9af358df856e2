-- Units, policy documents, policy items, their evaluation/revision history and the
-- change feed that keeps every node's search index current.
CREATE TABLE units (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE policy_documents (
    id BIGSERIAL PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    issuing_unit_id BIGINT NOT NULL REFERENCES units(id),
    publish_date TEXT NOT NULL,
    status TEXT NOT NULL
);

CREATE TABLE policy_items (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    document_id BIGINT NOT NULL REFERENCES policy_documents(id),
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    category TEXT NOT NULL,
    support_type TEXT NOT NULL,
    executing_unit_id BIGINT NOT NULL REFERENCES units(id),
    interpreter_name TEXT NOT NULL,
    interpreter_phone TEXT NOT NULL,
    conditions TEXT NOT NULL,
    delivery TEXT NOT NULL,
    max_amount_wan TEXT,
    application_period TEXT NOT NULL,
    application_window TEXT NOT NULL,
    materials TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX policy_items_document ON policy_items(document_id);
CREATE INDEX policy_items_executing_unit ON policy_items(executing_unit_id);

CREATE TABLE policy_revisions (
    id BIGSERIAL PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES policy_items(id),
    revised_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT NOT NULL,
    UNIQUE (item_id, revised_on, kind, note)
);

CREATE TABLE change_feed (
    id BIGSERIAL PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
