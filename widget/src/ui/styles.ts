/** Touch targets on touch screens, px (WCAG 2.5.5). */
const TOUCH = 44;
/** Up to this viewport width the card is a bottom sheet the width of the screen (16 px padding, 1 px border). */
export const SHEET_MAX = 480;
/** Narrowest viewport with room for 11 NPS options of 24 px and 4 px gaps in one row of the sheet (304 + 34). */
const NPS_ROW_MIN = 338;
/** Narrowest viewport with room for 7 CES options of 44 px in one row of the sheet (332 + 34); else two rows. */
const CES_ROW_MIN = 366;

/**
 * Everything the survey looks like (but what its parts add: ui/parts/). `:host` rules are `!important` because, between encapsulation
 * contexts, the inner context's important declarations win (CSS Cascade 4 §6.1), so host CSS such as
 * `* { all: unset !important }` cannot reach the card. Sizes are px: host `rem` must not scale it.
 * Scales are equal-width options in one flex row where they fit, else a grid of two rows (NPS: 0–5, 6–10; on
 * touch screens always, as 11 × 44 px fit no phone): a one-row grid cost the card's first frame ~1 ms more layout
 * than the flex row. The card is transparent (`opacity:0`) in its first frame and fades in (`.a`, set by
 * Survey in a task after that frame), so that frame, which no one sees, leaves out the entrance animation's
 * layers (~2 ms of CPU) and the scale's style and layout (`content-visibility:hidden`, ~2 ms): they come in
 * the next frame instead of making the first one the popup's longest task (bench/README.md `pnpm bench:popup`).
 * The animations are declared for `not (prefers-reduced-motion)` only: 20 bytes of brotli fewer than undoing
 * them under `reduce` (a browser without Media Queries 4 shows the card without them). Inputs are 16 px so iOS does not zoom in; logical properties for RTL.
 * Colours, radius and font are the theme's custom properties (ui/theme.ts): --b brand, --bt text on it,
 * --fg/--bg the card, --m borders and muted text (a mix of the two), --r radius, --f font. Focus rings are in
 * the text colour, which the theme check holds at 4.5:1 on the card; the brand colour need not be.
 */
export const CSS = `:host{all:initial!important;display:block!important;position:fixed!important;z-index:2147483647!important;bottom:16px!important;right:16px!important;visibility:visible!important;opacity:1!important;transform:none!important;pointer-events:auto!important}
:host([data-pos=bottom-left]){right:auto!important;left:16px!important}
*{box-sizing:border-box;margin:0;font:inherit;color:inherit}
.c{--m:color-mix(in srgb,var(--fg) 62%,var(--bg));position:relative;width:min(380px,calc(100vw - 32px));max-height:calc(100vh - 32px);max-height:calc(100dvh - 32px);overflow:auto;padding:20px;background:var(--bg);color:var(--fg);border:1px solid var(--m);border-radius:var(--r);box-shadow:0 8px 30px #0004;font:15px/1.4 var(--f);text-align:start;opacity:0}
.a{opacity:1}
@keyframes i{from{opacity:0;transform:translateY(8px)}}
@media not (prefers-reduced-motion){.a,.a form{animation:i .2s ease-out}}
fieldset{border:0;padding:0;min-width:0}
legend,.l{display:block;font-weight:600;padding:0 0 12px;padding-inline-end:28px}
.r{display:flex;gap:4px}
.c:not(.a) .r{content-visibility:hidden}
.o{position:relative;display:block;flex:1;min-width:0}
.o input{position:absolute;inset:0;width:100%;height:100%;opacity:0;cursor:pointer}
.o span{display:flex;align-items:center;justify-content:center;height:100%;min-width:24px;min-height:36px;padding:6px 0;border:1px solid var(--m);border-radius:6px;text-align:center}
.o:hover span{border-color:var(--fg)}
input:checked+span{background:var(--b);border-color:var(--b);color:var(--bt);font-weight:600}
.e{display:flex;justify-content:space-between;gap:8px;margin-top:6px;font-size:12px}
.p{font-size:12px;padding-bottom:4px}
.pb{margin-top:10px;font-size:11px;text-align:center}
textarea,.t{display:block;width:100%;padding:8px;font-size:16px;border:1px solid var(--m);border-radius:6px;background:var(--bg)}
textarea{min-height:80px;resize:vertical}
button{cursor:pointer;border:0;background:none}
.g{display:block;margin:16px 0 0;margin-inline-start:auto;padding:8px 20px;border-radius:6px;background:var(--b);color:var(--bt);font-weight:600}
.g:disabled{background:none;border:1px dashed var(--m);color:var(--fg);font-weight:400;cursor:not-allowed}
.h{margin-top:6px;font-size:13px;text-align:end}
.x{position:absolute;top:8px;inset-inline-end:8px;width:32px;height:32px;border-radius:6px;font-size:22px;line-height:1}
:focus-visible,input:focus-visible+span{outline:3px solid var(--fg);outline-offset:2px}
.y{padding:8px 0;padding-inline-end:28px;font-weight:600}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (max-width:${SHEET_MAX}px){:host,:host([data-pos]){top:auto!important;bottom:0!important;left:0!important;right:0!important;transform:none!important}
.c{width:100%;max-height:85vh;max-height:85dvh;padding:16px;border-radius:12px 12px 0 0}}
@media (max-width:${NPS_ROW_MIN - 1}px){.n{display:grid;grid-template-columns:repeat(6,1fr)}}
@media (pointer:coarse){.o span,.g{min-height:${TOUCH}px}.x{width:${TOUCH}px;height:${TOUCH}px;top:4px;inset-inline-end:4px}legend,.l,.y,.p{padding-inline-end:44px}
.n{display:grid;grid-template-columns:repeat(6,1fr)}}
@media (pointer:coarse) and (max-width:${CES_ROW_MIN - 1}px){.w{display:grid;grid-template-columns:repeat(4,1fr)}}`;
