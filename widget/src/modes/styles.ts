/**
 * The kiosk and the link page: one full-width survey, one question per screen, answers as large
 * buttons (64 px on the kiosk, 48 px on a phone; WCAG 2.5.5 asks 44). `:host` rules are `!important`
 * for the reason given in ui/styles.ts. Sizes scale with the viewport, never with host `rem`. Colours,
 * radius and font are the theme's custom properties, as in the popup (ui/theme.ts). Kiosk faces are at least
 * 120 px on a 10" tablet either way up (11vmax of 1280 is 141) and four fit across any width (18vw each).
 */
import { NPS_TINT_CSS } from '../ui/nps-tints';

/** Narrowest screen with room for eleven NPS buttons of 64 px in one row (11 × 64 + 10 × 8 + 112 padding); else 0–5 / 6–10. */
const NPS_ONE_ROW = 900;

export const CSS = `:host{all:initial!important;display:block!important;position:fixed!important;inset:0!important;z-index:2147483647!important;visibility:visible!important;opacity:1!important;transform:none!important;pointer-events:auto!important}
:host([data-mode=page]){position:relative!important;inset:auto!important}
*{box-sizing:border-box;margin:0;font:inherit;color:inherit}
.k{--m:color-mix(in srgb,var(--fg) 62%,var(--bg));height:100%;min-height:100vh;overflow:auto;display:flex;flex-direction:column;--pd:clamp(16px,4vw,56px);padding:var(--pd);background:var(--bg);color:var(--fg);font:clamp(18px,2.6vmax,30px)/1.35 var(--f);-webkit-tap-highlight-color:transparent;touch-action:manipulation}
:host([data-mode=page]) .k{min-height:0;font-size:18px}
.hd{margin:calc(0px - var(--pd)) calc(0px - var(--pd)) 0;display:flex;align-items:center;gap:16px;padding:12px clamp(16px,3vw,40px);background:var(--b);color:var(--bt);font-weight:700}
.hd img{height:clamp(40px,5vmax,72px)}
.in{text-align:center;font-size:1.1em;font-weight:600;padding-bottom:.6em;animation:p 1.6s ease-in-out infinite alternate}
@keyframes p{to{transform:scale(1.04)}}
.p{font-size:.7em;padding-bottom:.4em}
.s{width:100%;max-width:1100px;margin:auto;animation:i .25s ease-out}
:host([data-mode=page]) .s{max-width:640px}
@keyframes i{from{opacity:0;transform:translateY(12px)}}
@media (prefers-reduced-motion:reduce){.s,.in{animation:none}}
fieldset{border:0;padding:0;min-width:0}
legend,.l{display:block;width:100%;font-weight:700;font-size:1.35em;line-height:1.25;padding:0 0 .9em}
.b{display:flex;flex-wrap:wrap;gap:12px}
.b button,.g,.sk{min-height:64px;min-width:64px;border-radius:14px;cursor:pointer;font-weight:600}
:host([data-mode=page]) .b button,:host([data-mode=page]) .g,:host([data-mode=page]) .sk{min-height:48px;min-width:48px}
.b button{flex:1 1 64px;padding:8px;border:2px solid var(--m);border-radius:var(--r);background:var(--bg)}
.b.c button{flex-basis:40%}
.n{display:grid;grid-template-columns:repeat(11,1fr);gap:8px}
:host .b.n button{min-width:0}
main{flex:1;display:flex;flex-direction:column}
@media (max-width:${NPS_ONE_ROW - 1}px){.n{grid-template-columns:repeat(6,1fr)}}
.f button{display:flex;justify-content:center}
.i{width:min(11vmax,18vw,180px);height:auto}
:host([data-mode=page]) .i{width:min(64px,14vw)}
.i circle+path{fill:none;stroke:#1b1b1b;stroke-width:3.4;stroke-linecap:round}.i .z{fill:#1b1b1b}
.tn button{${NPS_TINT_CSS}}
.b button[aria-pressed=true]{background:var(--b);border-color:var(--b);color:var(--bt)}
.e{display:flex;justify-content:space-between;gap:12px;margin-top:10px;font-size:.7em}
.v{display:grid;gap:10px}
.o{position:relative;display:block}
.o input{position:absolute;inset:0;width:100%;height:100%;opacity:0;cursor:pointer}
.o span{display:flex;align-items:center;min-height:64px;padding:8px 16px;border:2px solid var(--m);border-radius:var(--r)}
input:checked+span{background:var(--b);border-color:var(--b);color:var(--bt)}
input:focus-visible+span{outline:4px solid var(--fg);outline-offset:3px}
textarea,.t{display:block;width:100%;padding:14px;border:2px solid var(--m);border-radius:12px;background:var(--bg)}
textarea{min-height:160px;resize:vertical}
.a{display:flex;justify-content:flex-end;gap:12px;margin-top:28px}
.g{padding:12px 36px;border:0;background:var(--b);color:var(--bt)}
.g:disabled{background:none;border:2px dashed var(--m);color:var(--fg);cursor:not-allowed}
.h{margin-top:10px;font-size:.7em;text-align:end}
.sk{padding:12px 28px;border:2px solid var(--m);background:var(--bg)}
:focus-visible{outline:4px solid var(--fg);outline-offset:3px}
.s:focus{outline:none}
.y{text-align:center;font-weight:700;font-size:1.6em}
.lk{text-align:center;margin-top:1em}.lk a{display:inline-block;padding:12px 4px;color:inherit;font-weight:600;text-decoration:underline;text-underline-offset:4px}.lu{font-weight:700;overflow-wrap:anywhere}.qr{display:block;width:min(40vmin,220px);margin:.5em auto 0;border-radius:8px}`;
