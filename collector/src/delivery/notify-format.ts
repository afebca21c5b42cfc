import type { AlertFacts, DigestFacts, NotifyPayload } from '../closed-loop/notify.js';

/** Theme colour of a Teams card: red for an alert, neutral blue for a summary. */
const TEAMS_ALERT_COLOUR = 'D13438';
const TEAMS_DIGEST_COLOUR = '0078D4';

/** Where the dashboard's follow-up inbox lives under the collector's public URL. */
const inboxUrl = (base: string) => `${base.replace(/\/+$/, '')}/dashboard/#/inbox`;

/** Slack mrkdwn treats `&`, `<` and `>` as control characters (api.slack.com/reference/surfaces/formatting). */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const scoreText = (a: Pick<AlertFacts, 'scale' | 'score' | 'band'>) =>
  a.score === null ? 'no score' : `${a.scale.toUpperCase()} ${a.score}${a.band ? ` (${a.band})` : ''}`;

/** The headline and figures of a digest, shared by both formats. */
export function digestFigures(d: DigestFacts): { title: string; lines: string[] } {
  const title = `${d.ruleName}: ${d.count} matching response${d.count === 1 ? '' : 's'} ${d.every === 'hourly' ? 'this hour' : 'today'}`;
  const lines = [`Period: ${d.periodStart} – ${d.periodEnd}`];
  if (d.scored > 0) {
    lines.push(`Average ${d.scale.toUpperCase()}: ${(d.sum / d.scored).toFixed(1)}`);
    if (d.scale === 'nps') {
      const nps = Math.round(((d.bands.promoter - d.bands.detractor) / d.scored) * 100);
      lines.push(`NPS of the period: ${nps} (${d.bands.promoter} promoters, ${d.bands.detractor} detractors)`);
    }
  }
  return { title, lines };
}

/** The Slack incoming-webhook body of an alert: `text` (the notification) and blocks (the message). */
export function slackAlert(a: AlertFacts, base: string): object {
  const text = `${a.ruleName}: ${scoreText(a)} at ${a.touchpointName}`;
  const blocks: object[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(text)}*` } }];
  if (a.comment) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `> ${slackEscape(a.comment)}` } });
  if (a.caseId)
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Open the case' }, url: caseLink(base, a.caseId) },
      ],
    });
  return { text, blocks };
}

/** The Slack body of a digest. */
export function slackDigest(d: DigestFacts, base: string): object {
  const { title, lines } = digestFigures(d);
  const blocks: object[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscape(title)}*\n${slackEscape(lines.join('\n'))}` } },
  ];
  for (const c of d.comments)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `> ${slackEscape(c.text)}\n_${slackEscape(c.touchpoint)}, ${c.score ?? '–'}_` },
    });
  blocks.push({
    type: 'actions',
    elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the inbox' }, url: inboxUrl(base) }],
  });
  return { text: title, blocks };
}

/** The Teams incoming-webhook body of an alert: a MessageCard (Office 365 connector format). */
export function teamsAlert(a: AlertFacts, base: string): object {
  const title = `${a.ruleName}: ${scoreText(a)} at ${a.touchpointName}`;
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: title,
    themeColor: TEAMS_ALERT_COLOUR,
    title,
    sections: [
      {
        facts: [
          { name: 'Touchpoint', value: a.touchpointName },
          { name: 'Score', value: scoreText(a) },
        ],
        ...(a.comment ? { text: a.comment } : {}),
      },
    ],
    potentialAction: a.caseId
      ? [{ '@type': 'OpenUri', name: 'Open the case', targets: [{ os: 'default', uri: caseLink(base, a.caseId) }] }]
      : [],
  };
}

/** The Teams body of a digest. */
export function teamsDigest(d: DigestFacts, base: string): object {
  const { title, lines } = digestFigures(d);
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: title,
    themeColor: TEAMS_DIGEST_COLOUR,
    title,
    text: lines.join('\n\n'),
    sections: d.comments.map((c) => ({ activitySubtitle: `${c.touchpoint}, ${c.score ?? '–'}`, text: c.text })),
    potentialAction: [
      { '@type': 'OpenUri', name: 'Open the inbox', targets: [{ os: 'default', uri: inboxUrl(base) }] },
    ],
  };
}

/** The link to a case in the dashboard's inbox. */
export const caseLink = (base: string, caseId: string) => `${inboxUrl(base)}?case=${encodeURIComponent(caseId)}`;

/** The JSON body to POST for a stored notification, in its service's format. */
export function notifyBody(p: NotifyPayload, base: string): string {
  if (p.alert) return JSON.stringify(p.kind === 'slack' ? slackAlert(p.alert, base) : teamsAlert(p.alert, base));
  return JSON.stringify(p.kind === 'slack' ? slackDigest(p.digest, base) : teamsDigest(p.digest, base));
}
