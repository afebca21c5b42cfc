/** Locales with a UI chunk, space-separated (fewer bytes than an array), injected by scripts/build.mjs into the loader build. */
declare const __TP_LOCALES__: string;
/** Every part's letter (ui/parts.ts, shared WIDGET_PARTS), in their order, injected by scripts/build.mjs into the loader build. */
declare const __TP_PARTS__: string;
/** Content hash shared by the UI chunks' names (`ui-<locale>-<hash>.js`), injected by scripts/build.mjs. */
declare const __TP_HASH__: string;
/** the site's rules, where the collector inlined them in the loader (`/widget.js?site=…`), else 0 */
declare const __TP_RULES__: import('@touchpoint/shared').LoaderRules | 0;

/** The one locale baked into a UI chunk (aliased per build by scripts/build.mjs). */
declare module 'virtual:tp-locale' {
  const strings: import('./locales/strings').CoreStrings;
  export default strings;
  export const more: import('./locales/strings').PartStrings;
}
/** The widget's version (package.json), injected by scripts/build.mjs into the kiosk chunk's heartbeat. */
declare const __TP_VERSION__: string;
/** The one part built into a part chunk (aliased per build by scripts/build.mjs). */
declare module 'virtual:tp-part' {
  const part: import('./ui/parts').Part;
  export default part;
}
