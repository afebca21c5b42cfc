import type { FastifyPluginAsync } from 'fastify';
import { survey, surveyUpdate } from '@touchpoint/shared';
import { registerSiteResource } from './site-resource.js';

/** Surveys: questions, triggers and display rules. Edits reach widgets within the config's cache time. */
const routes: FastifyPluginAsync = async (fastify) => {
  const { store } = fastify;
  registerSiteResource(fastify, {
    noun: 'Survey',
    path: 'surveys',
    schema: survey,
    update: surveyUpdate,
    mergeKeys: ['display', 'urls'],
    patchDescription:
      'Changes only the fields sent. `display` and `urls` merge into the current ones (a field left out ' +
      'keeps its value); `trigger`, `questions` and copy are replaced whole. The result is checked as a survey.',
    list: (site) => store.listSurveys(site),
    get: (site, id) => store.getSurvey(site, id),
    create: (site, s) => store.createSurvey(site, s),
    save: (site, s) => store.updateSurvey(site, s),
    remove: (site, id) => store.deleteSurvey(site, id),
  });
};

export default routes;
