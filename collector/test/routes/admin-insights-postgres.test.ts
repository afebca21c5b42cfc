import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { describePostgres, truncateAll } from '../helpers/postgres.js';
import { insightRouteCases } from './admin-insights-cases.js';

describePostgres('verbatim insights on PostgreSQL', (db) =>
  insightRouteCases(async () => {
    await truncateAll(db().url);
    return startWithCommentSurvey({
      TOUCHPOINT_DB: db().url,
      // Only the tests' `drain` analyses: a background run between a send and a drain would take part of
      // the count a test expects (a collector start on PostgreSQL takes seconds on a loaded machine).
      TOUCHPOINT_INSIGHTS_WORKER: 'off',
    });
  }),
);
