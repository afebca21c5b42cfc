import type { Improvement, ImprovementUpdate } from '@touchpoint/shared';

/**
 * Storage of "you said, we did" improvements (migration 012's `improvements` and `improvement_notices`),
 * beside `Store` like ReceiptStore, so another dialect adds it without touching the response path.
 */
export interface ImprovementStore {
  /** newest day first; with a touchpoint: that touchpoint's and the site-wide ones */
  list(site: string, q: { touchpoint?: string; limit: number }): Improvement[];
  get(site: string, id: string): Improvement | null;
  create(site: string, improvement: Improvement): void;
  update(site: string, id: string, change: ImprovementUpdate): Improvement | null;
  delete(site: string, id: string): boolean;
  /** records that a response's respondent was told; false if they had been already */
  markNotified(site: string, improvementId: string, responseId: string, at: string): boolean;
}
