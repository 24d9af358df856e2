-- Tips and complaints. Cases are written once; everything that happens to them is an
-- appended event. complaint_status is a projection of the events, kept for the queue.
CREATE TABLE staff_users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id INTEGER REFERENCES units(id),
    email TEXT,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE staff_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES staff_users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at TEXT
);

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_number TEXT NOT NULL UNIQUE,
    receipt_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    subject_unit TEXT NOT NULL,
    policy_code TEXT,
    description TEXT NOT NULL,
    occurred_when TEXT NOT NULL,
    occurred_where TEXT NOT NULL,
    anonymous INTEGER NOT NULL,
    identity_sealed TEXT,
    submitted_at TEXT NOT NULL,
    accept_due TEXT NOT NULL
);

CREATE TABLE complaint_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES staff_users(id),
    action TEXT NOT NULL,
    state TEXT NOT NULL,
    visibility TEXT NOT NULL,
    note TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX complaint_events_case ON complaint_events(complaint_id, id);

CREATE TABLE complaint_status (
    complaint_id INTEGER PRIMARY KEY REFERENCES complaints(id),
    state TEXT NOT NULL,
    area TEXT,
    assignee_id INTEGER REFERENCES staff_users(id),
    forwarded_unit TEXT,
    verify_due TEXT,
    feedback_due TEXT,
    last_event_id INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE complaint_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id),
    event_id INTEGER REFERENCES complaint_events(id),
    name_sealed TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content_sealed BLOB NOT NULL
);

CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    complaint_id INTEGER REFERENCES complaints(id),
    recipient_sealed TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(sent_at, next_attempt_at);
