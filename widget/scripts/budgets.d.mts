/** Bytes on the wire: the target, the hard limit and, where it is not met yet, the interim ceiling on the wire (see budgets.mjs). */
export declare const WIRE_BUDGETS: Record<
  'nothing' | 'popup' | 'kiosk' | 'page',
  { target: number; hard: number; wire?: number }
>;
