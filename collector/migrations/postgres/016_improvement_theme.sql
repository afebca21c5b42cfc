-- The insight theme an improvement answers (an id of the site's taxonomy); NULL: none. Same number as SQLite's 016;
-- the PostgreSQL store does not use the improvements table yet.
ALTER TABLE improvements ADD COLUMN theme text;
