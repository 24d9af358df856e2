-- Tips and complaints. Cases are written once; everything that happens to them is an
-- appended event. complaint_status is a projection of the events, kept for the queue.
CREATE TABLE staff_users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    email TEXT,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE staff_sessions (
    id BIGSERIAL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES staff_users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at TEXT
);

CREATE TABLE complaints (
    id BIGSERIAL PRIMARY KEY,
    case_number TEXT NOT NULL UNIQUE,
    receipt_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    subject_unit TEXT NOT NULL,
    policy_code TEXT,
    description TEXT NOT NULL,
    occurred_when TEXT NOT NULL,
    occurred_where TEXT NOT NULL,
    anonymous BIGINT NOT NULL,
    identity_sealed TEXT,
    submitted_at TEXT NOT NULL,
    accept_due TEXT NOT NULL
);

CREATE TABLE complaint_events (
    id BIGSERIAL PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_user_id BIGINT REFERENCES staff_users(id),
    action TEXT NOT NULL,
    state TEXT NOT NULL,
    visibility TEXT NOT NULL,
    note TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX complaint_events_case ON complaint_events(complaint_id, id);

CREATE TABLE complaint_status (
    complaint_id BIGINT PRIMARY KEY REFERENCES complaints(id),
    state TEXT NOT NULL,
    area TEXT,
    assignee_id BIGINT REFERENCES staff_users(id),
    forwarded_unit TEXT,
    verify_due TEXT,
    feedback_due TEXT,
    last_event_id BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE complaint_files (
    id BIGSERIAL PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    event_id BIGINT REFERENCES complaint_events(id),
    name_sealed TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content_sealed BYTEA NOT NULL
);

CREATE TABLE mail_outbox (
    id BIGSERIAL PRIMARY KEY,
    message_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    complaint_id BIGINT REFERENCES complaints(id),
    recipient_sealed TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(sent_at, next_attempt_at);
