/**
 * The site bench:ingest drives (`run.ts`) and `writer-stage.ts` writes to, as the admin API makes it: each entry
 * is a path under `/v1/admin` and the body POSTed there, in order.
 */
export const BENCH_SITE_REQUESTS = (site: string, survey: string, origin: string): [string, object][] => [
  ['/sites', { key: site, name: 'Bench shop', origins: [origin] }],
  [`/sites/${site}/touchpoints`, { id: 'checkout', name: 'Checkout', kind: 'web' }],
  [
    `/sites/${site}/surveys`,
    {
      id: survey,
      name: 'Checkout NPS',
      touchpoint: 'checkout',
      questions: [
        { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?' }, required: true },
        { id: 'comment', type: 'text', text: { en: 'What is the main reason for your score?' } },
      ],
      trigger: { type: 'exit-intent' },
    },
  ],
];
