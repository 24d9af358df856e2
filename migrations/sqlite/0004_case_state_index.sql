-- /metrics counts cases by state and the overdue cases of the states that have a
-- deadline at every scrape: an index on the state keeps both off a full table scan.
CREATE INDEX complaint_status_state ON complaint_status(state);
