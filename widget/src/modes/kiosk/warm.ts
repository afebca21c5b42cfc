/**
 * Fills the kiosk's offline cache. The collector's service worker caches what passes through it,
 * but it starts controlling the page only after the page, the loader and this chunk were fetched; so
 * once it is in control, fetch them again through it: the page, every script on it, and `extra`
 * (the config). After that a reload works with the network down.
 */
export function warmCache(extra: string[]): void {
  let sw: ServiceWorkerContainer | undefined;
  try {
    sw = navigator.serviceWorker;
  } catch {
    return; // an opaque origin (the survey editor's sandboxed preview) may not even look
  }
  if (!sw) return; // not a secure context, or no service workers
  const warm = () => {
    for (const url of [location.href, ...Array.from(document.scripts, (s) => s.src), ...extra])
      if (url) fetch(url).catch(() => {});
  };
  if (sw.controller) warm();
  else sw.addEventListener('controllerchange', warm, { once: true });
}
