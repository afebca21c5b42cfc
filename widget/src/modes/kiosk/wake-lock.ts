import { listen } from '../../core/dom';

/**
 * Keeps the kiosk's screen on where the browser offers the Screen Wake Lock API. The browser drops
 * the lock whenever the page is hidden, so it is asked for again each time the page shows.
 * https://www.w3.org/TR/screen-wake-lock/#handling-document-loss-of-visibility
 */
export function keepAwake(): void {
  let held = false;
  const get = () => {
    if (held || document.visibilityState != 'visible' || !navigator.wakeLock) return;
    held = true;
    navigator.wakeLock.request('screen').then(
      (lock) => lock.addEventListener('release', () => (held = false)),
      () => (held = false), // refused (no user activation yet, battery saver): try again on the next show
    );
  };
  get();
  listen(document, 'visibilitychange', get);
}
