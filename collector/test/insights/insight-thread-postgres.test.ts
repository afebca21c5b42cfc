import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { describePostgres, truncateAll } from '../helpers/postgres.js';
import { insightThreadCases } from './insight-thread-cases.js';

describePostgres('insight thread on PostgreSQL (analyses jobs, opens no database)', (db) =>
  insightThreadCases(async () => {
    await truncateAll(db().url);
    return startWithCommentSurvey({ TOUCHPOINT_DB: db().url, TOUCHPOINT_INSIGHTS_WORKER: 'thread' });
  }),
);
