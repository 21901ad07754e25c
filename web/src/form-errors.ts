import { ApiError, type FieldProblem } from './api.js';
import { fieldMessage } from './format.js';

export interface SplitErrors {
  /** Message per form field path, in Vietnamese where known. */
  byField: Record<string, string>;
  /** Problems no field on the form shows. */
  rest: FieldProblem[];
}

/**
 * Sorts an API error's field problems onto the form's fields. A problem on a parent
 * path (e.g. "placeOfBirth" missing) goes to the form's first field below it.
 */
export function splitErrors(error: unknown, fields: readonly string[]): SplitErrors {
  const out: SplitErrors = { byField: {}, rest: [] };
  if (!(error instanceof ApiError)) return out;
  for (const e of error.problem.errors ?? []) {
    const f = e.field.replace(/^body\.?/, '').replace(/\[(\d+)\]/g, '.$1');
    const target = fields.includes(f) ? f : fields.find((k) => k.startsWith(`${f}.`));
    if (target) out.byField[target] ??= fieldMessage(e.message);
    else out.rest.push(e);
  }
  return out;
}

/** Moves focus to the first control marked invalid inside `form`. */
export function focusFirstInvalid(form: HTMLElement | null) {
  requestAnimationFrame(() => {
    form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}

/**
 * Idempotency keys, one per submission: the same body sent again after a failure that
 * left the outcome unknown (network, 5xx) reuses the key, so the server does it once.
 */
export function idempotencyKeeper() {
  let last: { body: string; key: string; settled: boolean } | undefined;
  return {
    keyFor(body: unknown): string {
      const json = JSON.stringify(body);
      if (last && last.body === json && !last.settled) return last.key;
      last = { body: json, key: crypto.randomUUID(), settled: false };
      return last.key;
    },
    /** Marks the last attempt's outcome as known (success or a 4xx answer). */
    settle(error?: unknown) {
      if (!last) return;
      const unknownOutcome = error instanceof ApiError && (error.status === 0 || error.status >= 500);
      last.settled = !unknownOutcome;
    },
  };
}
