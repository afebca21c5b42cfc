/** Languages written right to left that a survey may be in (Arabic, Hebrew, Persian, Urdu). */
const RTL = ['ar', 'he', 'fa', 'ur'];

/** The `dir` of a locale's text (`ar-EG` → `rtl`). */
export const dirOf = (locale: string): 'rtl' | 'ltr' =>
  RTL.includes(locale.slice(0, 2).toLowerCase()) ? 'rtl' : 'ltr';
