-- The insight theme an improvement answers (an id of the site's taxonomy); NULL: none. Respondents whose comment
-- spoke of it negatively are told once, like those of its linked cases.
ALTER TABLE improvements ADD COLUMN theme TEXT;
