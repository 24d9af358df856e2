-- The supervision checklist (监督清单, "100个是否"), the inspections run against it,
-- the problems they find (each rectified to close-out), and the register of the ten
-- incentive and punishment measures (with 容错免责 counted apart); also the staff
-- sessions' idle limit and the key check value.
CREATE TABLE supervision_questions (
    number INTEGER PRIMARY KEY,
    area TEXT NOT NULL,
    question TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A tip may point at a question (from /supervision's 我要反映); staff may tag it later.
ALTER TABLE complaints ADD COLUMN question_no INTEGER;
-- A tip may name the reform task it says is not carried out (counted on the task's page).
ALTER TABLE complaints ADD COLUMN task_code TEXT;
CREATE INDEX complaints_task ON complaints(task_code);
ALTER TABLE complaint_status ADD COLUMN question_no INTEGER;

-- Hardening: a staff session's last request (30-minute idle limit), and settings such
-- as the key check value (a key that does not belong to this database is refused).
ALTER TABLE staff_sessions ADD COLUMN last_seen TEXT;
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE inspections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    period TEXT NOT NULL,
    method TEXT NOT NULL,
    summary TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES staff_users(id),
    recorded_at TEXT NOT NULL
);

CREATE TABLE inspection_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    question_no INTEGER NOT NULL,
    answer TEXT NOT NULL,
    evidence TEXT NOT NULL,
    UNIQUE (inspection_id, question_no)
);

-- Every 否 is a problem to rectify by a due date, closed out like a task.
CREATE TABLE inspection_problems (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    question_no INTEGER NOT NULL,
    description TEXT NOT NULL,
    due TEXT NOT NULL,
    state TEXT NOT NULL,
    closed_on TEXT,
    case_number TEXT
);

CREATE TABLE problem_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    problem_id INTEGER NOT NULL REFERENCES inspection_problems(id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor_id INTEGER NOT NULL REFERENCES staff_users(id),
    note TEXT NOT NULL
);
CREATE INDEX problem_events_problem ON problem_events(problem_id, id);

CREATE TABLE measure_records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    measure TEXT NOT NULL,
    unit TEXT NOT NULL,
    person TEXT NOT NULL,
    post TEXT NOT NULL,
    basis_kind TEXT NOT NULL,
    basis_ref TEXT NOT NULL,
    facts TEXT NOT NULL,
    outcome TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    body TEXT NOT NULL,
    public INTEGER NOT NULL,
    reasoning TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES staff_users(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX measure_records_measure ON measure_records(measure, public);
