/**
 * Positions in a workspace's write sequence, as opaque tokens: page cursors (`nextCursor`), sync
 * tokens (`syncToken`, `since`) and change-stream event ids are the same thing, "after write N".
 * A token this server did not issue, or whose number does not fit a bigint, is a 400 naming the
 * parameter, never a database error.
 */
import { isJsonObject } from './http.js';
import { invalidParameter } from './problem.js';

const MAX_SEQ = 9_223_372_036_854_775_807n;

export function encodeCursor(seq: string): string {
  return Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
}

/** The sequence number of a token, or null when it is not one this server issued. */
export function readCursor(token: string): string | null {
  if (token.length > 200 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (isJsonObject(parsed) && typeof parsed.s === 'string' && /^(0|[1-9]\d{0,18})$/.test(parsed.s) && BigInt(parsed.s) <= MAX_SEQ) {
      return parsed.s;
    }
  } catch {
    // not JSON
  }
  return null;
}

/** The sequence number of a token in query parameter `name`, or a 400 naming it. */
export function decodeCursor(token: string, name: string): string {
  const seq = readCursor(token);
  if (seq === null) throw invalidParameter(name, 'is not a token this server issued; use nextCursor or syncToken from a previous page');
  return seq;
}
