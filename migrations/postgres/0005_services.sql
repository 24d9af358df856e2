-- The livelihood-services list (高频和重点民生服务事项优化清单): services by life event
-- with their guides and optimisation targets, "one thing" bundles (一件事), the public
-- change history, residents' ratings and the rectification a poor rating opens.
CREATE TABLE service_items (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    level TEXT NOT NULL,
    location TEXT NOT NULL,
    hours TEXT NOT NULL,
    enquiry_phone TEXT NOT NULL,
    complaint_phone TEXT NOT NULL,
    legal_days BIGINT NOT NULL,
    committed_days BIGINT NOT NULL,
    materials TEXT NOT NULL,
    visits BIGINT NOT NULL,
    online_depth TEXT NOT NULL,
    mobile BIGINT NOT NULL,
    fee TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    annual_cases BIGINT NOT NULL,
    targets TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX service_items_unit ON service_items(unit_id);

CREATE TABLE service_bundles (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    lead_unit_id BIGINT NOT NULL REFERENCES units(id)
);

CREATE TABLE service_bundle_members (
    bundle_id BIGINT NOT NULL REFERENCES service_bundles(id),
    service_id BIGINT NOT NULL REFERENCES service_items(id),
    PRIMARY KEY (bundle_id, service_id)
);
CREATE INDEX service_bundle_members_service ON service_bundle_members(service_id);

CREATE TABLE service_revisions (
    id BIGSERIAL PRIMARY KEY,
    service_id BIGINT NOT NULL REFERENCES service_items(id),
    revised_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX service_revisions_service ON service_revisions(service_id, id);

CREATE TABLE service_ratings (
    id BIGSERIAL PRIMARY KEY,
    service_id BIGINT NOT NULL REFERENCES service_items(id),
    grade TEXT NOT NULL,
    comment TEXT NOT NULL,
    rated_at TEXT NOT NULL
);
CREATE INDEX service_ratings_service ON service_ratings(service_id);

CREATE TABLE service_rectifications (
    id BIGSERIAL PRIMARY KEY,
    rating_id BIGINT NOT NULL UNIQUE REFERENCES service_ratings(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    opened_on TEXT NOT NULL,
    due TEXT NOT NULL,
    state TEXT NOT NULL,
    reply TEXT,
    closed_at TEXT
);
CREATE INDEX service_rectifications_unit ON service_rectifications(unit_id, state);
