-- Who do I call: every unit's own address, opening hours and phone, set on the admin
-- desk (the bundled sample fills them for the sample units).
ALTER TABLE units ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN hours TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN phone TEXT NOT NULL DEFAULT '';
