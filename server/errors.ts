/**
 * The one error type of the API. Every failure a caller can cause is an AppError with a code
 * from this closed set; app.ts turns it into the envelope of DESIGN.md section 5:
 * `{"error": {"code", "message", "details"}}`. Anything else becomes a logged 500 `internal`.
 */
export const ERROR_CODES = {
  bad_request: 400,
  malformed_json: 400,
  not_a_session: 400,
  validation_failed: 422,
  weak_password: 422,
  implausible_trip: 422,
  unreadable_file: 422,
  unauthenticated: 401,
  invalid_credentials: 401,
  token_expired: 401,
  csrf_failed: 403,
  password_change_required: 403,
  forbidden: 403,
  read_only_token: 403,
  site_map_withheld: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  enrolment_code_unknown: 404,
  enrolment_code_expired: 410,
  enrolment_code_exhausted: 410,
  enrolment_code_revoked: 410,
  id_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  database_busy: 503,
  storage_unavailable: 503,
  pdf_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code];
  }
}

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function toEnvelope(err: AppError): ErrorEnvelope {
  const body: ErrorEnvelope = { error: { code: err.code, message: err.message } };
  if (err.details !== undefined) body.error.details = err.details;
  return body;
}

/** Field-level problem, the shape of `details` for validation errors. */
export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

/** Turns zod's issue list into our `details`: a path like `legs[1].mode` and a readable message. */
export function issuesToDetails(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string }>,
): FieldIssue[] {
  return issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
    ...(issue.code ? { code: issue.code } : {}),
  }));
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(body)';
}
