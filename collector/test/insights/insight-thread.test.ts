import { describe } from 'vitest';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { insightThreadCases } from './insight-thread-cases.js';

describe('insight thread on SQLite (reads on its own connection)', () =>
  insightThreadCases(() => startWithCommentSurvey({ TOUCHPOINT_INSIGHTS_WORKER: 'thread' })));
