/* global window, touchpoint */
// The README's queue snippet as customers paste it: calls made before widget.js has loaded wait
// in `touchpoint.q`. A file instead of an inline script so the shop runs under a strict CSP.
window.touchpoint =
  window.touchpoint ||
  function () {
    (touchpoint.q = touchpoint.q || []).push(arguments);
  };
