/** The small catalogue of errors SaferHub raises on purpose; one handler turns them into pages or JSON. */
export const errorCodes = {
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  csrf_invalid: 403,
  validation_failed: 400,
  conflict: 409,
  edit_conflict: 409,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorCodes[code];
  }
}

export const notFound = (what = 'Page') => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do that') => new AppError('forbidden', message);
export const conflict = (message: string) => new AppError('conflict', message);

/** Raised when a record changed since the user loaded it (optimistic concurrency). */
export class EditConflictError extends AppError {
  constructor(what = 'record') {
    super('edit_conflict', `Someone else changed this ${what} while you were editing it. Your changes have not been saved.`);
  }
}

/** A field-level problem in user input: the field's name and a sentence for the user. */
export interface FieldError {
  field: string;
  message: string;
}

export class ValidationError extends AppError {
  constructor(readonly fieldErrors: FieldError[]) {
    super('validation_failed', fieldErrors.map((e) => e.message).join('; '), fieldErrors);
  }
}
