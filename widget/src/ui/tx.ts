/** Picks the copy for the survey's locale (the config is already reduced to it). */
export const tx = (t: Record<string, string> | undefined): string => (t ? Object.values(t)[0] || '' : '');
