/**
 * The model views of issue #14 for `pnpm bench:scores` (run.ts times them with the other endpoints): channel
 * effects and channel-adjusted scores and leaderboard (score rollups), impact, the importance–performance
 * grid and the journey map (impact rollups, migration 020), channel effects and the adjusted leaderboard with
 * one `var.*` filter (variable rollups at that level), and the multivariable drivers (score, variable and
 * pairwise rollups, migration 025, when every driver is rolled up with its own levels; else a scan).
 * Each case: its label, its path under the site's scores and its target.
 */
export function modelCases(window: string): { label: string; path: string; target: string }[] {
  return [
    { label: 'channel effects nps (90 d)', path: `/channel-effects?${window}`, target: '< 200 ms' },
    {
      label: 'scores by touchpoint adjust=channel (90 d)',
      path: `?by=touchpoint&adjust=channel&${window}`,
      target: '< 200 ms',
    },
    { label: 'leaderboard adjust=channel (90 d)', path: `/leaderboard?adjust=channel&${window}`, target: '< 200 ms' },
    { label: 'impact csat (90 d)', path: `/impact?${window}`, target: '< 200 ms' },
    { label: 'importance grid csat (90 d)', path: `/importance?${window}`, target: '< 200 ms' },
    { label: 'journey map (90 d)', path: `/journey?${window}`, target: '< 200 ms' },
    {
      label: 'channel effects, var.segment filter',
      path: `/channel-effects?var.segment=new&${window}`,
      target: '< 200 ms',
    },
    {
      label: 'leaderboard adjust=channel, var.segment filter',
      path: `/leaderboard?adjust=channel&var.segment=new&${window}`,
      target: '< 200 ms',
    },
    {
      label: 'multivariable drivers channel,touchpoint,var.segment (90 d)',
      path: `/drivers/multivariable?variables=channel,touchpoint,var.segment&${window}`,
      target: '< 200 ms',
    },
    {
      label: 'multivariable drivers device,trigger,var.segment,var.category,var.region,var.buyer (90 d)',
      path: `/drivers/multivariable?variables=device,trigger,var.segment,var.category,var.region,var.buyer&${window}`,
      target: '< 200 ms',
    },
    {
      label: 'multivariable drivers, the screen top 6 (default, 90 d)',
      path: `/drivers/multivariable?${window}`,
      target: '< 200 ms',
    },
  ];
}
