-- An account whose password an administrator set (created on the admin desk, or reset
-- there) must choose its own at the next login before it can do anything else.
ALTER TABLE staff_users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
