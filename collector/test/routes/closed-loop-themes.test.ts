import { describe } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { themeRuleCases, type OutboxRow } from './closed-loop-themes-cases.js';

describe('closed-loop rules on themes and sentiment on SQLite', () =>
  themeRuleCases(
    () => startWithCommentSurvey(),
    async (c, event) =>
      (c.app.store as SqliteStore).db
        .prepare('SELECT target, payload FROM outbox WHERE event = ? ORDER BY created_at')
        .all(event) as OutboxRow[],
  ));
