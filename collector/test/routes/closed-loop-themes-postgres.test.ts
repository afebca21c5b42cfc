import pg from 'pg';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { describePostgres, truncateAll } from '../helpers/postgres.js';
import { themeRuleCases, type OutboxRow } from './closed-loop-themes-cases.js';

describePostgres('closed-loop rules on themes and sentiment on PostgreSQL', (db) =>
  themeRuleCases(
    async () => {
      await truncateAll(db().url);
      return startWithCommentSurvey({
        TOUCHPOINT_DB: db().url,
        // Only the tests' `drain` analyses: a background run between a send and a drain would take part of
        // the count a test expects (a collector start on PostgreSQL takes seconds on a loaded machine).
        TOUCHPOINT_INSIGHTS_WORKER: 'off',
      });
    },
    async (_c, event) => {
      const client = new pg.Client({ connectionString: db().url });
      await client.connect();
      try {
        const sql = 'SELECT target, payload FROM outbox WHERE event = $1 ORDER BY created_at, id';
        return (await client.query<OutboxRow>(sql, [event])).rows;
      } finally {
        await client.end();
      }
    },
  ),
);
