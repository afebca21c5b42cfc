/** Accent colour: 5.9:1 on white (WCAG AA for text and focus rings). */
const ACCENT = '#1a56db';

/**
 * Everything the survey looks like. `:host` rules are `!important` because, between encapsulation
 * contexts, the inner context's important declarations win (CSS Cascade 4 §6.1), so host CSS such as
 * `* { all: unset !important }` cannot reach the card. Sizes are px: host `rem` must not scale it.
 */
export const CSS = `:host{all:initial!important;display:block!important;position:fixed!important;z-index:2147483647!important;bottom:16px!important;right:16px!important;visibility:visible!important;opacity:1!important;transform:none!important;pointer-events:auto!important}
:host([data-pos=bottom-left]){right:auto!important;left:16px!important}
:host([data-pos=center]){bottom:auto!important;right:auto!important;top:50%!important;left:50%!important;transform:translate(-50%,-50%)!important}
*{box-sizing:border-box;margin:0;font:inherit;color:inherit}
.c{position:relative;width:min(380px,calc(100vw - 32px));max-height:calc(100vh - 32px);overflow:auto;padding:20px;background:#fff;color:#1b1b1b;border:1px solid #d0d0d0;border-radius:12px;box-shadow:0 8px 30px #0004;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:left;animation:i .2s ease-out}
@keyframes i{from{opacity:0;transform:translateY(8px)}}
@media (prefers-reduced-motion:reduce){.c{animation:none}}
fieldset{border:0;padding:0;min-width:0}
legend,.l{display:block;font-weight:600;padding:0 28px 12px 0}
.r{display:flex;gap:4px}
.o{flex:1;position:relative;display:block}
.o input{position:absolute;inset:0;width:100%;height:100%;opacity:0;cursor:pointer}
.o span{display:block;min-width:24px;padding:8px 0;border:1px solid #767676;border-radius:6px;text-align:center}
.f span{font-size:24px;padding:4px 0}
input:checked+span{background:${ACCENT};border-color:${ACCENT};color:#fff}
.e{display:flex;justify-content:space-between;gap:8px;margin-top:6px;font-size:12px;color:#555}
.h{display:flex;align-items:center;gap:8px;padding:4px 0}
textarea,.t{display:block;width:100%;padding:8px;border:1px solid #767676;border-radius:6px;background:#fff}
textarea{min-height:80px;resize:vertical}
button{cursor:pointer;border:0;background:none}
.g{display:block;margin:16px 0 0 auto;padding:8px 20px;border-radius:6px;background:${ACCENT};color:#fff;font-weight:600}
.g:disabled{opacity:.5;cursor:default}
.x{position:absolute;top:8px;right:8px;width:32px;height:32px;border-radius:6px;font-size:22px;line-height:1;color:#555}
:focus-visible,input:focus-visible+span{outline:3px solid ${ACCENT};outline-offset:2px}
.y{padding:8px 28px 8px 0;font-weight:600}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`;
