import { describe } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { themeRuleCases, type OutboxRow } from './closed-loop-themes-cases.js';

// Both writers: the analyses are recorded on the writer thread (its own site cache, told of edits by message)
// or on the main connection (the store's cache).
describe.each(['thread', 'inline'])('closed-loop rules on themes and sentiment on SQLite, %s writer', (writer) =>
  themeRuleCases(
    () => startWithCommentSurvey({ TOUCHPOINT_WRITER: writer }),
    async (c, event) =>
      (c.app.store as SqliteStore).db
        .prepare('SELECT target, payload FROM outbox WHERE event = ? ORDER BY created_at')
        .all(event) as OutboxRow[],
  ),
);
