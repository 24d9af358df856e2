-- A tip's words, event notes and mail bodies are sealed to their rows from this
-- version on (the server seals what earlier versions kept in clear at its next start),
-- and a file's digest is keyed: the column says what it now holds. An older binary
-- refuses this schema, so it never reads sealed text as clear or writes clear text.
ALTER TABLE complaint_files RENAME COLUMN sha256 TO content_digest;
