-- Administrators disable accounts instead of deleting them (cases keep pointing at
-- their actors), and every administrative change is logged.
ALTER TABLE staff_users ADD COLUMN disabled_at TEXT;

CREATE TABLE admin_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor_user_id INTEGER NOT NULL REFERENCES staff_users(id),
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
