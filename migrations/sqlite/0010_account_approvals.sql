-- The two-person rule for commission accounts: an administrator's new commission
-- account, its re-enabling and a new password for it wait here until another commission
-- member approves (or rejects) them.
CREATE TABLE account_approvals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES staff_users(id),
    password_hash TEXT,
    requested_by INTEGER NOT NULL REFERENCES staff_users(id),
    requested_at TEXT NOT NULL,
    decided_by INTEGER REFERENCES staff_users(id),
    decided_at TEXT,
    decision TEXT
);
CREATE INDEX account_approvals_open ON account_approvals (decision, user_id);
