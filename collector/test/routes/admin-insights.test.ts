import { describe } from 'vitest';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { insightRouteCases } from './admin-insights-cases.js';

describe('verbatim insights on SQLite', () => insightRouteCases(() => startWithCommentSurvey()));
