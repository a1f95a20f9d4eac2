/** Defaults of the server's limits, shared by the app and the OpenAPI document. */
export const DEFAULT_CORS_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];
/** POST /leads per client per minute. */
export const DEFAULT_RATE_LIMIT_LEADS = 60;
/** A form submitted faster than this after it was shown is taken for a bot. */
export const DEFAULT_MIN_FILL_MS = 2000;
export const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;
