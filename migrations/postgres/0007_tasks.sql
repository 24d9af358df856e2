-- The reform-task ledger (改革攻坚任务清单): tasks with a responsible unit, three
-- responsible persons and a deadline; the units' weekly progress reports (append-only,
-- one per task and week); the public change history of the list itself.
CREATE TABLE reform_tasks (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    area TEXT NOT NULL,
    source TEXT NOT NULL,
    content TEXT NOT NULL,
    target TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    main_person TEXT NOT NULL,
    charge_person TEXT NOT NULL,
    specific_person TEXT NOT NULL,
    deadline TEXT NOT NULL,
    start_date TEXT NOT NULL,
    state TEXT NOT NULL,
    closed_on TEXT,
    percent BIGINT NOT NULL,
    last_week TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX reform_tasks_unit ON reform_tasks(unit_id);

CREATE TABLE task_reports (
    id BIGSERIAL PRIMARY KEY,
    task_id BIGINT NOT NULL REFERENCES reform_tasks(id),
    week TEXT NOT NULL,
    reported_at TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES staff_users(id),
    percent BIGINT NOT NULL,
    progress TEXT NOT NULL,
    problems TEXT NOT NULL,
    coordination TEXT NOT NULL,
    next_plan TEXT NOT NULL,
    UNIQUE (task_id, week)
);

CREATE TABLE task_revisions (
    id BIGSERIAL PRIMARY KEY,
    task_id BIGINT NOT NULL REFERENCES reform_tasks(id),
    revised_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX task_revisions_task ON task_revisions(task_id, id);

-- 一月一认定: one verdict per task and month, by a certifier.
CREATE TABLE task_certifications (
    id BIGSERIAL PRIMARY KEY,
    task_id BIGINT NOT NULL REFERENCES reform_tasks(id),
    month TEXT NOT NULL,
    verdict TEXT NOT NULL,
    note TEXT NOT NULL,
    certifier_id BIGINT NOT NULL REFERENCES staff_users(id),
    at TEXT NOT NULL,
    UNIQUE (task_id, month)
);

-- 销号管理、跟踪问效: close-out requests and decisions, reopenings and follow-ups, in order.
CREATE TABLE task_events (
    id BIGSERIAL PRIMARY KEY,
    task_id BIGINT NOT NULL REFERENCES reform_tasks(id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES staff_users(id),
    note TEXT NOT NULL
);
CREATE INDEX task_events_task ON task_events(task_id, id);

CREATE TABLE task_evidence (
    id BIGSERIAL PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES task_events(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BYTEA NOT NULL
);
