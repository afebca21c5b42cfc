/** Accent colour: 5.9:1 on white (WCAG AA for text and focus rings), as in the popup. */
const ACCENT = '#1a56db';

/**
 * The kiosk and the link page: one full-width survey, one question per screen, answers as large
 * buttons (64 px on the kiosk, 48 px on a phone; WCAG 2.5.5 asks 44). `:host` rules are `!important`
 * for the reason given in ui/styles.ts. Sizes scale with the viewport, never with host `rem`.
 */
export const CSS = `:host{all:initial!important;display:block!important;position:fixed!important;inset:0!important;z-index:2147483647!important;visibility:visible!important;opacity:1!important;transform:none!important;pointer-events:auto!important}
:host([data-mode=page]){position:relative!important;inset:auto!important;min-height:100vh!important}
*{box-sizing:border-box;margin:0;font:inherit;color:inherit}
.k{height:100%;min-height:100vh;overflow:auto;display:flex;align-items:center;padding:clamp(16px,4vw,56px);background:#f5f6f8;color:#1b1b1b;font:clamp(18px,2.6vw,30px)/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;-webkit-tap-highlight-color:transparent;touch-action:manipulation}
:host([data-mode=page]) .k{align-items:flex-start;font-size:18px}
.s{width:100%;max-width:1100px;margin:0 auto;animation:i .25s ease-out}
:host([data-mode=page]) .s{max-width:640px}
@keyframes i{from{opacity:0;transform:translateY(12px)}}
@media (prefers-reduced-motion:reduce){.s{animation:none}}
fieldset{border:0;padding:0;min-width:0}
legend,.l{display:block;width:100%;font-weight:700;font-size:1.35em;line-height:1.25;padding:0 0 .9em}
.b{display:flex;flex-wrap:wrap;gap:12px}
.b button,.g,.v{min-height:64px;min-width:64px;border-radius:14px;cursor:pointer;font-weight:600}
:host([data-mode=page]) .b button,:host([data-mode=page]) .g,:host([data-mode=page]) .v{min-height:48px;min-width:48px}
.b button{flex:1 1 64px;padding:8px;border:2px solid #767676;background:#fff}
.b.c button{flex-basis:40%}
.f button{font-size:2.2em;line-height:1}
.b button[aria-pressed=true]{background:${ACCENT};border-color:${ACCENT};color:#fff}
.e{display:flex;justify-content:space-between;gap:12px;margin-top:10px;font-size:.7em;color:#555}
.h{display:flex;align-items:center;gap:14px;min-height:64px;padding:8px 0}
.h input{width:32px;height:32px}
textarea,.t{display:block;width:100%;padding:14px;border:2px solid #767676;border-radius:12px;background:#fff}
textarea{min-height:160px;resize:vertical}
.a{display:flex;justify-content:flex-end;gap:12px;margin-top:28px}
.g{padding:12px 36px;border:0;background:${ACCENT};color:#fff}
.g:disabled{opacity:.5;cursor:default}
.v{padding:12px 28px;border:2px solid #767676;background:#fff;color:#333}
:focus-visible{outline:4px solid ${ACCENT};outline-offset:3px}
.y{text-align:center;font-weight:700;font-size:1.6em}`;
