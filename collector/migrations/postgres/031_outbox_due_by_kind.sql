-- The delivery rounds claim the due rows of the kinds they can send: without an SMTP server, not 'email'. With
-- the due index on next_attempt_at alone, every round (each second by default) read past every e-mail waiting
-- for an SMTP server, and counted them for its warning: a cost that grew with each e-mail a rule queued. Keyed
-- by kind first, a round reads only the kinds it sends, and counting the waiting e-mails reads only those.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (kind, next_attempt_at) WHERE status = 'pending';
