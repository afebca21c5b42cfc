import type { Site, Survey } from '@touchpoint/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../../hooks';
import {
  PREVIEW_MESSAGE,
  type PreviewMessage,
  type PreviewMode,
  type PreviewPage,
  toConfigSurvey,
} from '../../preview/protocol';

/** Edits settle this long before the preview redraws, so typing does not restart the card at every key. */
const DEBOUNCE_MS = 300;

/** The kiosk preview's tablet: 1280 × 800 CSS pixels, landscape (collector/dashboard/src/styles.css). */
const KIOSK_WIDTH = 1280;

/** The device frames: a desktop window as wide as the panel, and a phone (390 × 720, an iPhone 14's CSS width). */
type Device = 'desktop' | 'phone';

/** The widget's UI chunk per locale, and its `kiosk` and `page` chunks, asked once per page load. */
let chunks: Promise<Record<string, string>> | undefined;
const widgetChunks = () =>
  (chunks ??= fetch('/dashboard/widget-ui.json').then((r) =>
    r.ok
      ? (r.json() as Promise<Record<string, string>>)
      : Promise.reject(new Error('the widget is not built (run `pnpm build`)')),
  ));

/** A row of radio buttons that looks like a segmented switch. */
function Switch<T extends string>(props: { label: string; value: T; options: [T, string][]; set: (v: T) => void }) {
  return (
    <fieldset class="plain switch" aria-label={props.label}>
      {props.options.map(([v, text]) => (
        <label key={v} class={v === props.value ? 'on' : ''}>
          <input type="radio" name={props.label} checked={v === props.value} onChange={() => props.set(v)} />
          {text}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The live preview: dashboard/preview.html in a sandboxed frame (scripts only, an opaque origin),
 * rendering the draft with the real widget's UI chunk and the theme respondents will see (the survey's
 * own over the site's), on a light or a dark sample page, in a desktop or a phone frame. The draft goes
 * in by postMessage; nothing is sent.
 */
export function Preview({ site, survey, locale }: { site: string; survey: Survey; locale: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const latest = useRef<Omit<PreviewMessage, 'chunk'> | undefined>(undefined);
  const [problem, setProblem] = useState('');
  const [page, setPage] = useState<PreviewPage>('light');
  const [device, setDevice] = useState<Device>('desktop');
  const [mode, setMode] = useState<PreviewMode>('popup');
  const box = useRef<HTMLDivElement>(null);
  // the kiosk's 1280 px tablet, scaled to the panel's width (a custom property set by the CSSOM, which the CSP allows)
  useEffect(() => {
    const el = box.current;
    if (mode !== 'kiosk' || !el) return;
    const fit = () => el.style.setProperty('--kiosk-scale', String(Math.min(1, el.clientWidth / KIOSK_WIDTH)));
    const watch = new ResizeObserver(fit);
    watch.observe(el);
    return () => watch.disconnect();
  }, [mode]);
  const siteData = useApi<Site>(`/sites/${site}`);
  const theme = siteData.data?.settings.theme;
  // The site's theme and name belong to the draft's look: a kiosk or link page preview reloads for every
  // new draft, so nothing is sent before they are known (or failed to load).
  latest.current = siteData.loading
    ? undefined
    : {
        type: PREVIEW_MESSAGE,
        site,
        survey: toConfigSurvey(survey, locale, site, theme),
        page,
        mode,
        brand: siteData.data?.name ?? site,
        ...(survey.touchpoint ? { place: survey.touchpoint } : {}),
      };
  // the frame's origin is opaque, so no target origin can name it; the draft is no secret
  const post = (msg: unknown) => frame.current?.contentWindow?.postMessage(msg, '*');
  const send = () => {
    const msg = latest.current;
    if (!msg) return;
    widgetChunks().then(
      (files) => {
        setProblem('');
        const chunk = msg.mode === 'popup' ? (files[msg.survey.locale.slice(0, 2)] ?? files.en) : files[msg.mode ?? ''];
        if (!chunk) setProblem(`No preview: the widget has no ${msg.mode} chunk (run \`pnpm build\`).`);
        else post({ ...msg, chunk });
      },
      (e: Error) => setProblem(`No preview: ${e.message}.`),
    );
  };

  useEffect(() => {
    const onMessage = (e: MessageEvent<{ type?: string }>) => {
      if (e.source === frame.current?.contentWindow && e.data?.type === `${PREVIEW_MESSAGE}:ready`) send();
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  useEffect(() => {
    const t = setTimeout(send, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [survey, locale, site, theme, page, mode, siteData.loading]);

  return (
    <div class="editor-preview">
      <div class="panel-head">
        <h2>Live preview ({locale})</h2>
        <button type="button" class="btn btn-small" onClick={() => post({ type: `${PREVIEW_MESSAGE}:replay` })}>
          Replay
        </button>
      </div>
      <div class="preview-switches">
        <Switch
          label="Surface"
          value={mode}
          options={[
            ['popup', 'Popup'],
            ['kiosk', 'Kiosk'],
            ['page', 'Link page'],
          ]}
          set={setMode}
        />
      </div>
      {mode === 'popup' && (
        <div class="preview-switches">
          <Switch
            label="Sample page"
            value={page}
            options={[
              ['light', 'Light page'],
              ['dark', 'Dark page'],
            ]}
            set={setPage}
          />
          <Switch
            label="Device"
            value={device}
            options={[
              ['desktop', 'Desktop'],
              ['phone', 'Phone'],
            ]}
            set={setDevice}
          />
        </div>
      )}
      {problem && <p class="note note-error">{problem}</p>}
      <div class={mode === 'kiosk' ? 'preview-kiosk-box' : undefined} ref={box}>
        <iframe
          ref={frame}
          class={`preview-frame preview-${mode === 'popup' ? device : mode === 'kiosk' ? 'kiosk' : 'phone'}`}
          src="/dashboard/preview.html"
          sandbox="allow-scripts"
          title={
            mode === 'popup'
              ? 'Live preview of the survey, rendered by the widget'
              : `Live preview of the ${mode === 'kiosk' ? 'kiosk' : 'link page'}, rendered by the widget`
          }
          data-testid="survey-preview"
          data-mode={mode}
          data-device={device}
          data-page={page}
        />
      </div>
      <p class="hint">
        Rendered by the real widget with the site’s theme{survey.theme ? ' and this survey’s own' : ''}, as visitors
        will see it{mode === 'kiosk' ? ' (a 1280 × 800 tablet, scaled down)' : ''}. Answers given here are not sent.
      </p>
    </div>
  );
}
