-- The Atom feeds list the items changed last: without these, each request would read
-- and sort every item of the list.
CREATE INDEX policy_items_updated ON policy_items(updated_at, id);
CREATE INDEX service_items_updated ON service_items(updated_at, id);

-- Policy alerts: an address (sealed) with an optional query and enterprise profile. It
-- gets mail only once confirmed through the link in the confirmation mail; the same
-- link's token unsubscribes (looked up by its hash, kept sealed for later mails' links).
-- `last_change_id` is the change feed position already mailed about: moved in the
-- transaction that queues the mail, so two nodes never send the same alert twice.
CREATE TABLE alert_subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    token_sealed TEXT NOT NULL,
    email_sealed TEXT NOT NULL,
    email_hash TEXT NOT NULL,
    query TEXT NOT NULL,
    profile TEXT NOT NULL,
    base_url TEXT NOT NULL,
    digest INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    confirmed_at TEXT,
    ended_at TEXT,
    last_change_id INTEGER NOT NULL,
    last_mail_at TEXT
);
CREATE INDEX alert_subscriptions_email ON alert_subscriptions(email_hash);
CREATE INDEX alert_subscriptions_live ON alert_subscriptions(ended_at, confirmed_at);

-- A mail that can be unsubscribed from carries the address of its one-click unsubscribe
-- (List-Unsubscribe, RFC 8058).
ALTER TABLE mail_outbox ADD COLUMN unsubscribe TEXT;
