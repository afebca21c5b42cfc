/**
 * The model views of issue #14 for `pnpm bench:scores` (run.ts times them with the other endpoints): channel
 * effects and channel-adjusted scores and leaderboard (score rollups), impact, the importance–performance
 * grid and the journey map (impact rollups, migration 020), and the multivariable drivers (still a scan).
 * Each case: [label, URL, target].
 */
export function modelCases(base: string, window: string): [string, string, string][] {
  return [
    ['channel effects nps (90 d, score rollups)', `${base}/channel-effects?${window}`, '< 200 ms'],
    [
      'scores by touchpoint adjust=channel (90 d, rollups)',
      `${base}?by=touchpoint&adjust=channel&${window}`,
      '< 200 ms',
    ],
    ['leaderboard adjust=channel (90 d, rollups)', `${base}/leaderboard?adjust=channel&${window}`, '< 200 ms'],
    ['impact csat (90 d, impact rollups)', `${base}/impact?${window}`, '< 200 ms'],
    ['importance grid csat (90 d, rollups)', `${base}/importance?${window}`, '< 200 ms'],
    ['journey map (90 d, rollups)', `${base}/journey?${window}`, '< 200 ms'],
    ['channel effects, var.segment filter (scan)', `${base}/channel-effects?var.segment=new&${window}`, ''],
    [
      'multivariable drivers channel,touchpoint,var.segment (90 d, scan)',
      `${base}/drivers/multivariable?variables=channel,touchpoint,var.segment&${window}`,
      '',
    ],
  ];
}
