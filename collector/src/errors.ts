import createError from '@fastify/error';
import type { ErrorCode } from '@touchpoint/shared';

// Every error the collector answers with, declared once. 4xx messages go to the client as they are;
// 5xx answers carry a generic message and the detail goes to the log (see app.ts's error handler).
const declare = (code: ErrorCode, message: string, status: number) => createError(code, message, status);

export const ValidationError = declare('TP_ERR_VALIDATION', '%s', 400);
export const InvalidJsonError = declare('TP_ERR_INVALID_JSON', 'Body is not valid JSON: %s', 400);
export const UnsupportedMediaTypeError = declare(
  'TP_ERR_UNSUPPORTED_MEDIA_TYPE',
  'Unsupported content type %s: send application/json or text/plain',
  415,
);
export const UnsupportedImportTypeError = declare(
  'TP_ERR_UNSUPPORTED_MEDIA_TYPE',
  'Unsupported content type %s: send text/csv or application/x-ndjson',
  415,
);
export const BodyTooLargeError = declare('TP_ERR_BODY_TOO_LARGE', 'Body is larger than %s bytes', 413);
export const UnknownSiteError = declare('TP_ERR_UNKNOWN_SITE', '%s: no site "%s"', 404);
export const UnknownSurveyError = declare('TP_ERR_UNKNOWN_SURVEY', '%s: site "%s" has no survey "%s"', 422);
export const UnknownTouchpointError = declare('TP_ERR_UNKNOWN_TOUCHPOINT', '%s: site "%s" has no touchpoint "%s"', 422);
export const InvalidAnswerError = declare('TP_ERR_INVALID_ANSWER', '%s: %s', 422);
export const IdConflictError = declare(
  'TP_ERR_ID_CONFLICT',
  '%s: id "%s" already belongs to another site or survey',
  409,
);
export const OriginNotAllowedError = declare(
  'TP_ERR_ORIGIN_NOT_ALLOWED',
  'Origin %s is not allowed for site "%s"',
  403,
);
export const UnauthorizedError = declare(
  'TP_ERR_UNAUTHORIZED',
  'Missing or unknown API key: send "Authorization: Bearer <key>"',
  401,
);
export const ForbiddenError = declare('TP_ERR_FORBIDDEN', 'A read-only key cannot %s', 403);
export const SiteLimitedKeyError = declare('TP_ERR_FORBIDDEN', 'A key limited to named sites cannot %s', 403);
export const NotFoundError = declare('TP_ERR_NOT_FOUND', '%s not found', 404);
export const ConflictError = declare('TP_ERR_CONFLICT', '%s', 409);
export const RateLimitedError = declare('TP_ERR_RATE_LIMITED', 'Too many requests: retry in %s', 429);
export const UnavailableError = declare('TP_ERR_UNAVAILABLE', 'The collector is shutting down', 503);
export const RequestTimeoutError = declare('TP_ERR_REQUEST_TIMEOUT', 'The request was not received in time', 408);
