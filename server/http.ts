/**
 * HTTP helpers without framework state: reading a JSON body under a size limit, entity tags and
 * conditional headers, canonical JSON for request hashes, and JSON merge patch (RFC 7396).
 */
import { createHash } from 'node:crypto';
import { HttpProblem } from './problem.js';

/** Deepest nesting accepted in a body; real records are a few levels deep. */
export const MAX_JSON_DEPTH = 32;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJsonMediaType(contentType: string, extra: readonly string[]): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json') || extra.includes(type);
}

/** Depth of nesting of a parsed JSON value, counting up to `limit + 1` at most. */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

/**
 * Reads the request body as JSON: 415 when the content type is not JSON, 413 when it is larger than
 * `limit` bytes (checked on Content-Length and while reading), 400 when empty, not UTF-8, not JSON
 * or nested deeper than MAX_JSON_DEPTH. `__proto__` members are dropped.
 */
export async function readJsonBody(req: Request, limit: number, extraTypes: readonly string[] = []): Promise<Json> {
  const contentType = req.headers.get('content-type');
  if (contentType !== null && !isJsonMediaType(contentType, extraTypes)) {
    const accepted = ['application/json', ...extraTypes].join(' or ');
    throw new HttpProblem('unsupported-media-type', `Send the body as ${accepted} (got ${contentType}).`, {
      errors: [{ path: 'Content-Type', message: `must be ${accepted}`, in: 'header' }],
    });
  }
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  }
  if (total === 0) throw new HttpProblem('malformed-json', 'The request body is empty; send a JSON document.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpProblem('malformed-json', 'The request body is not valid UTF-8.');
  }
  let value: Json;
  try {
    value = JSON.parse(text, (key, v: unknown) => (key === '__proto__' ? undefined : v)) as Json;
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'parse error';
    throw new HttpProblem('malformed-json', `The request body is not valid JSON: ${reason}`);
  }
  if (depthExceeds(value, MAX_JSON_DEPTH)) {
    throw new HttpProblem('malformed-json', `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  return value;
}

function tooLarge(limit: number): HttpProblem {
  return new HttpProblem('payload-too-large', `The request body is larger than the limit of ${limit} bytes.`);
}

/** JSON with object keys sorted, so the same document always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 of the method, the path and the canonical body: what an idempotency key stands for. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${body === undefined ? '' : canonicalJson(body)}`).digest('hex');
}

/** The strong entity tag of a record version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** The entity tags listed in an If-Match / If-None-Match header, or `'*'`. */
export function parseEtags(header: string): '*' | string[] {
  if (header.trim() === '*') return '*';
  const tags = header.match(/(?:W\/)?"[^"]*"/g) ?? [];
  // A bare unquoted value is a common client mistake; read it as the quoted tag it means.
  if (tags.length === 0 && header.trim() !== '') return [`"${header.trim()}"`];
  return tags;
}

/**
 * Whether If-Match passes against the current tag (`null` when there is no current record):
 * `*` needs a record; a list needs a strong match (RFC 9110 13.1.1).
 */
export function ifMatchPasses(header: string, current: string | null): boolean {
  if (current === null) return false;
  const tags = parseEtags(header);
  if (tags === '*') return true;
  return tags.some((t) => !t.startsWith('W/') && t === current);
}

/** Whether If-None-Match matches the current tag (weak comparison, RFC 9110 13.1.2). */
export function ifNoneMatchMatches(header: string, current: string | null): boolean {
  if (current === null) return false;
  const tags = parseEtags(header);
  if (tags === '*') return true;
  return tags.some((t) => t.replace(/^W\//, '') === current);
}

/**
 * JSON merge patch (RFC 7396): members of an object patch replace the target's, `null` removes a
 * member, objects merge recursively, anything else replaces the target. Returns a new value.
 */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isJsonObject(patch)) return patch;
  const out: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__') continue;
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}
