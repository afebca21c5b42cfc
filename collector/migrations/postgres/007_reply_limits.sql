-- At most one reply per address per site in 30 days (src/closed-loop/reply-limits.ts): the write path
-- looks up earlier e-mails to an address, compared without case, and the worker counts a site's replies of the day.
CREATE INDEX outbox_reply_target ON outbox (site, lower(target), created_at) WHERE kind = 'email';
