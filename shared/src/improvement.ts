import { z } from 'zod';
import { slug } from './common.js';

/** Case ids one improvement may link (the follow-ups it answers). */
const MAX_LINKED_CASES = 100;

/** The fields of an improvement ("you said, we did") an admin writes. */
const improvementShape = {
  /** the touchpoint it is about; null for the whole site */
  touchpoint: slug.nullable(),
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().max(2000),
  /** the day it was done (YYYY-MM-DD) */
  day: z.iso.date(),
  /** the insight theme it answers (an id of the site's taxonomy); null for none */
  theme: slug.nullable(),
  /** follow-up cases it answers: their respondents (with contact and consent) are told once */
  caseIds: z.array(z.string().min(1).max(64)).max(MAX_LINKED_CASES),
};

/** POST /v1/admin/sites/:site/improvements. */
export const improvementInput = z.strictObject({
  ...improvementShape,
  touchpoint: improvementShape.touchpoint.default(null),
  body: improvementShape.body.default(''),
  theme: improvementShape.theme.default(null),
  caseIds: improvementShape.caseIds.default([]),
});
export type ImprovementInput = z.infer<typeof improvementInput>;

/** PATCH: changes only the fields it names (no defaults). */
export const improvementUpdate = z.strictObject(improvementShape).partial();
export type ImprovementUpdate = z.infer<typeof improvementUpdate>;

/** An improvement as stored and listed. */
export const improvement = z.object({
  id: z.string(),
  ...improvementShape,
  createdAt: z.string(),
});
export type Improvement = z.infer<typeof improvement>;

/** An improvement as the admin list gives it: with the notice e-mails queued for it so far. */
export const improvementListItem = improvement.extend({ notices: z.number().int().min(0) });
export type ImprovementListItem = z.infer<typeof improvementListItem>;
