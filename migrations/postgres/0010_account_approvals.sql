-- The two-person rule for commission accounts: an administrator's new commission
-- account, its re-enabling and a new password for it wait here until another commission
-- member approves (or rejects) them.
CREATE TABLE account_approvals (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES staff_users(id),
    password_hash TEXT,
    requested_by BIGINT NOT NULL REFERENCES staff_users(id),
    requested_at TEXT NOT NULL,
    decided_by BIGINT REFERENCES staff_users(id),
    decided_at TEXT,
    decision TEXT
);
CREATE INDEX account_approvals_open ON account_approvals (decision, user_id);
