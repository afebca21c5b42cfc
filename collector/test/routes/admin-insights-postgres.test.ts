import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { describePostgres, truncateAll } from '../helpers/postgres.js';
import { insightRouteCases } from './admin-insights-cases.js';

describePostgres('verbatim insights on PostgreSQL', (db) =>
  insightRouteCases(async () => {
    await truncateAll(db().url);
    return startWithCommentSurvey({ TOUCHPOINT_DB: db().url });
  }),
);
