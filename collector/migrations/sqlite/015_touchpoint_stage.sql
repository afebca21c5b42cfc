-- The journey stage a touchpoint belongs to (discover, consider, buy, receive, use, get-help, or the site's own);
-- NULL: not placed on the journey map.
ALTER TABLE touchpoints ADD COLUMN stage TEXT;
