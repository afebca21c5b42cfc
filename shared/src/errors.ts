/**
 * Every error code the collector can answer with. Codes are stable: clients may branch on them.
 * The collector declares each one once (collector/src/errors.ts) with its status and message.
 */
export const ERROR_CODES = [
  'TP_ERR_VALIDATION',
  'TP_ERR_INVALID_JSON',
  'TP_ERR_UNSUPPORTED_MEDIA_TYPE',
  'TP_ERR_BODY_TOO_LARGE',
  'TP_ERR_UNKNOWN_SITE',
  'TP_ERR_UNKNOWN_SURVEY',
  'TP_ERR_UNKNOWN_TOUCHPOINT',
  'TP_ERR_INVALID_ANSWER',
  'TP_ERR_ID_CONFLICT',
  'TP_ERR_ORIGIN_NOT_ALLOWED',
  'TP_ERR_UNAUTHORIZED',
  'TP_ERR_FORBIDDEN',
  'TP_ERR_NOT_FOUND',
  'TP_ERR_CONFLICT',
  'TP_ERR_RATE_LIMITED',
  'TP_ERR_UNAVAILABLE',
  'TP_ERR_INTERNAL',
  'TP_ERR_REQUEST_TIMEOUT',
] as const;

/** A stable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];
