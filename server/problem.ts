/**
 * Errors as RFC 9457 problem details (`application/problem+json`): `{ type, title, status, detail,
 * instance, errors? }`. `errors` names each field: `{ path, message, in }` where `in` says whether
 * the path is in the body, the query, a header or the URL path.
 */

/** Base of the problem `type` URIs; the last segment is the slug, such as `conflict`. */
export const PROBLEM_BASE = 'https://l2c-elements.dev/problems/';

export type FieldLocation = 'body' | 'query' | 'header' | 'path';

export interface FieldError {
  /** The field: `stages[2].probability` in a body, `limit` in a query, `Idempotency-Key` in headers. */
  path: string;
  message: string;
  in: FieldLocation;
}

/** Every problem type the server sends, with its HTTP status and title. */
export const PROBLEM_TYPES = {
  'bad-request': [400, 'Bad request'],
  'malformed-json': [400, 'Malformed JSON'],
  'invalid-parameter': [400, 'Invalid parameter'],
  'idempotency-key-required': [400, 'Idempotency-Key required'],
  unauthorized: [401, 'Unauthorized'],
  forbidden: [403, 'Forbidden'],
  'not-found': [404, 'Not found'],
  'method-not-allowed': [405, 'Method not allowed'],
  conflict: [409, 'Conflict'],
  'idempotency-key-reused': [409, 'Idempotency-Key reused with a different request'],
  'precondition-failed': [412, 'Precondition failed'],
  'payload-too-large': [413, 'Payload too large'],
  'unsupported-media-type': [415, 'Unsupported media type'],
  'validation-error': [422, 'Validation failed'],
  'rate-limited': [429, 'Too many requests'],
  'internal-error': [500, 'Internal server error'],
  'service-unavailable': [503, 'Service unavailable'],
} as const satisfies Record<string, readonly [number, string]>;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;

export interface ProblemOptions {
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** Extra members of the problem object, such as `current` on a 412. */
  extra?: Record<string, unknown>;
}

/** A problem to answer with; thrown anywhere in a handler and turned into a response by the app. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;

  constructor(
    readonly slug: ProblemSlug,
    readonly detail: string,
    readonly options: ProblemOptions = {},
  ) {
    super(detail);
    const [status, title] = PROBLEM_TYPES[slug];
    this.status = status;
    this.title = title;
    this.type = PROBLEM_BASE + slug;
  }

  body(instance: string): Record<string, unknown> {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      instance,
      ...(this.options.errors ? { errors: this.options.errors } : {}),
      ...this.options.extra,
    };
  }

  toResponse(instance: string): Response {
    return new Response(JSON.stringify(this.body(instance)), {
      status: this.status,
      headers: { 'content-type': 'application/problem+json', ...this.options.headers },
    });
  }
}

/** A 400 naming one invalid query parameter. */
export function invalidParameter(name: string, message: string): HttpProblem {
  return new HttpProblem('invalid-parameter', `Query parameter "${name}" ${message}.`, {
    errors: [{ path: name, message, in: 'query' }],
  });
}

/** A 422 listing the body fields that failed validation. */
export function validationProblem(errors: FieldError[]): HttpProblem {
  const first = errors[0];
  const detail = first
    ? `${first.path || 'The body'} ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}.`
    : 'The body is not valid.';
  return new HttpProblem('validation-error', detail, { errors });
}
