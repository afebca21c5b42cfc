import type { ConfigSurvey } from '@touchpoint/shared';
import { render } from 'preact';
import { uuid } from '../../core/dom';
import { transport } from '../../core/transport';
import type { Answers, ResponseMeta } from '../../core/types';
import { responseBody } from '../../ui/response';
import { configUrl, fetchConfig, inlineConfig, pickSurvey } from '../config';
import { duration } from '../duration';
import { Flow } from '../flow';
import { settings } from '../settings';
import { shell } from '../shell';
import { stringsFor } from '../strings';

/** Attempts at loading the config before giving up (a phone on a shop's patchy network). */
const CONFIG_TRIES = 3;
/** Wait between those attempts (ms). */
const CONFIG_RETRY_MS = 2000;

/**
 * The hidden fields the collector put on the page (`/s/:survey?tp=…&cartValue=120`), as JSON in
 * `<script type="application/json" id="touchpoint-vars">`: parsed, never executed.
 */
export function pageVars(doc: Document): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(doc.getElementById('touchpoint-vars')?.textContent || '{}');
    return v && typeof v == 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Starts the link/QR page: the survey full width on its own page, channel `qr`, the page's hidden
 * fields as context variables, partial answers sent as the visitor goes (the popup's transport:
 * queued in localStorage, retried with the same id, beaconed on page hide), a thank-you at the end.
 */
export async function startPage(tag: HTMLScriptElement): Promise<void> {
  const o = settings(tag, '');
  const debug = (...a: unknown[]) => o.debug && console.log('[touchpoint page]', ...a);
  const net = transport(o.collector, o.site, debug);
  const url = configUrl(o, navigator.language);
  const inline = inlineConfig(document);
  let s: ConfigSurvey | undefined = inline && pickSurvey(inline, o);
  for (let i = 0; !s && i < CONFIG_TRIES; i++) {
    if (i) await new Promise((r) => setTimeout(r, CONFIG_RETRY_MS));
    s = await fetchConfig(url).then((c) => pickSurvey(c, o), debug as () => undefined);
  }
  if (!s) return;
  const survey = s;
  const shownAt = Date.now();
  let firstAt = 0;
  const common = {
    site: o.site,
    survey: survey.id,
    touchpoint: o.touchpoint || survey.touchpoint,
    channel: 'qr' as const,
    trigger: 'link',
  };
  net.send('events', { ...common, type: 'impression', id: uuid(), createdAt: new Date(shownAt).toISOString() });
  const meta = (): ResponseMeta => ({
    ...common,
    id,
    locale: survey.locale,
    createdAt: new Date(firstAt).toISOString(),
    url: location.href,
    referrer: document.referrer,
    vars: pageVars(document),
  });
  // A receipt page (/r/:token) names the id, so every scan of one transaction adds to one response.
  const id = tag.dataset.response || uuid();
  const onAnswer = (answers: Answers, done: boolean) => {
    if (!Object.keys(answers).length) return;
    const at = Date.now();
    firstAt ||= at;
    const body = responseBody(meta(), answers, done);
    body.context = { ...body.context, durationMs: duration(shownAt, at) };
    net.send('responses', body);
  };
  render(
    <Flow survey={survey} t={stringsFor(survey.locale)} onAnswer={onAnswer} />,
    await shell('page', survey.locale, o.nonce, survey.theme),
  );
}
