-- Chat notifications (a rule's `notify` action: Slack or Teams) go through the outbox as kind 'notify'
-- (as migrations/sqlite/014_notify_outbox.sql). For notifications, `event` is 'alert' or 'digest', `target`
-- the rule id, `payload` the facts to format; a digest row's id is `digest:<site>:<rule>:<period start>` and
-- its next_attempt_at the period end, so a period has one summary, even across restarts.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('email', 'webhook', 'notify'));
