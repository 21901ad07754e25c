/**
 * The one domain error type. Services throw these; `http` maps them to RFC 9457
 * problem+json in one place (`src/http/errors.ts`), the CLI prints `code: message`.
 *
 * `code` is stable and documented; callers may switch on it. `status` is the HTTP status
 * it maps to. `details` carries field-level problems (`{ field, message }`), which the
 * console shows next to the field.
 *
 * @example
 *   throw badRequest('registry.invalid_pid', 'The personal ID number must have 12 digits', [
 *     { field: 'pid', message: 'expected 12 digits' },
 *   ]);
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: FieldProblem[] | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    details?: FieldProblem[],
    extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.extra = extra;
  }
}

export const badRequest = (code: string, message: string, details?: FieldProblem[]) =>
  new DomainError(400, code, message, details);
export const unauthorized = (code: string, message: string) => new DomainError(401, code, message);
/** Forbidden and not-found look alike to callers who may not know which (see STYLE.md). */
export const forbidden = (code: string, message: string) => new DomainError(403, code, message);
export const notFound = (code: string, message: string) => new DomainError(404, code, message);
export const conflict = (
  code: string,
  message: string,
  details?: FieldProblem[],
  extra?: Record<string, unknown>,
) => new DomainError(409, code, message, details, extra);
export const preconditionFailed = (code: string, message: string) => new DomainError(412, code, message);
export const preconditionRequired = (code: string, message: string) => new DomainError(428, code, message);
export const unprocessable = (code: string, message: string, details?: FieldProblem[]) =>
  new DomainError(422, code, message, details);

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
