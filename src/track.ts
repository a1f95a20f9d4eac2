/**
 * `l2c-elements/track`: page views and visits of a known lead, after it submitted
 * `<lead-capture-form>` with consent, recorded as engagement activities (`engagement: true`) in the
 * repository, for engagement rules on `page-view` (value: seconds visible) and `visit`.
 *
 * Nothing is recorded before a submission with consent, under Global Privacy Control or Do Not
 * Track, or after `stopTracking()`. Only the page's path (no query string) and times are sent;
 * never what a form holds. Tiny on purpose: no Lit, no storage code.
 * @packageDocumentation
 */
import { OPT_OUT_KEY, consentKey, leadMemoryKey } from './internal/lead-memory.js';

/** What the tracker writes: a record of the `activities` collection (core `EngagementActivity`). */
export interface TrackedActivity {
  id: string;
  leadId: string;
  type: 'page-view' | 'visit';
  /** When the page was loaded (page-view) or the visit began (visit). */
  at: string;
  /** Seconds the page was visible (page-view). */
  value?: number;
  /** The page's path, without query string or fragment. */
  page: string;
  engagement: true;
  [extra: string]: unknown;
}

/** The browser the tracker reads; tests pass their own (a fake document, clock and storage). */
export interface TrackEnv {
  now(): number;
  /** Fires `visibilitychange`; `visibilityState` says whether the page is seen. */
  document: EventTarget & { readonly visibilityState: string };
  /** Fires `pagehide`. */
  window: EventTarget;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;
  navigator: { readonly doNotTrack?: string | null; readonly globalPrivacyControl?: boolean };
  location: { readonly pathname: string };
  fetch(url: string, init: RequestInit): Promise<unknown>;
}

/** Where to record and whom. */
export interface TrackOptions {
  /** A repository to write into (IndexedDB, memory, REST): its `activities.put`. */
  repository?: { readonly endpoint?: string; readonly activities: { put(activity: TrackedActivity): Promise<unknown> } };
  /** A REST endpoint (the form's `endpoint`): activities are POSTed with `keepalive`. */
  endpoint?: string;
  /** The form key (the form's `api-key`), sent as a Bearer token. */
  apiKey?: string;
  /** The form's `db-name`, when it has one: part of the key the form remembers its visitor under. */
  dbName?: string;
  /**
   * The lead, when the page knows it otherwise; the page then answers for the visitor's consent.
   * Without it the tracker follows only the visitor a form remembers after a submission with consent.
   */
  leadId?: string;
  /** The browser to read (default: the real one); for tests. */
  env?: Partial<TrackEnv>;
}

/** A running tracker. */
export interface Tracking {
  readonly leadId: string;
  /** Stops listening; what was recorded stays. */
  stop(): void;
}

const SESSION_KEY = 'l2c-track:session';
/** A visit ends after 30 minutes without a page shown. */
export const VISIT_GAP_MS = 30 * 60_000;
const MAX_SECONDS = 86_400;
let running: Tracking | undefined;

function browser(): TrackEnv {
  return { now: Date.now, document, window, storage: localStorage, navigator: navigator as TrackEnv['navigator'], location, fetch: (u, i) => fetch(u, i) };
}

function read(env: TrackEnv, key: string): string | null {
  try {
    return env.storage.getItem(key);
  } catch {
    return null;
  }
}

/** Whether the stored session (`{ leadId, last }`) is this lead's and was active within the gap. */
function sameVisit(stored: string | null, leadId: string, now: number): boolean {
  try {
    const session = JSON.parse(stored ?? 'null') as { leadId?: unknown; last?: unknown } | null;
    return session?.leadId === leadId && typeof session.last === 'number' && now - session.last <= VISIT_GAP_MS;
  } catch {
    return false; // A broken entry starts a new visit.
  }
}

/**
 * Starts recording this page for the known lead: a `visit` when a visit begins (after 30 minutes
 * without a page), and one `page-view` per page load with the seconds it was visible, sent when the
 * page is first hidden. Returns `undefined`, recording nothing, without a lead that consented,
 * under Global Privacy Control or Do Not Track, after an opt-out, or with nowhere to write.
 */
export function startTracking(options: TrackOptions = {}): Tracking | undefined {
  running?.stop();
  let env: TrackEnv;
  try {
    env = { ...browser(), ...options.env };
  } catch {
    return undefined; // Not in a browser (server rendering) and nothing passed.
  }
  const nav = env.navigator;
  if (nav.globalPrivacyControl === true || nav.doNotTrack === '1' || nav.doNotTrack === 'yes') return undefined;
  const { repository, apiKey } = options;
  const endpoint = (options.endpoint ?? repository?.endpoint ?? '').replace(/\/+$/, '');
  const remembered = leadMemoryKey(options.endpoint ?? repository?.endpoint ?? '', options.dbName);
  const leadId = options.leadId
    ? (read(env, OPT_OUT_KEY) ? null : options.leadId)
    : read(env, consentKey(remembered)) && read(env, remembered);
  if (!leadId || !(repository || endpoint)) return undefined;

  const start = env.now();
  const page = env.location.pathname;
  const record = (type: TrackedActivity['type'], value?: number): void => {
    const activity: TrackedActivity = { id: `${type}-${start.toString(36)}-${Math.random().toString(36).slice(2, 10)}`, leadId, type, at: new Date(start).toISOString(), page, engagement: true };
    if (value !== undefined) activity.value = value;
    const sent = repository
      ? repository.activities.put(activity)
      : env.fetch(`${endpoint}/activities`, {
          method: 'POST',
          keepalive: true,
          headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
          body: JSON.stringify(activity),
        });
    // Engagement is best effort: a lost page view is no error for the visitor.
    sent.catch(() => undefined);
  };
  const touch = (): void => {
    try {
      env.storage.setItem(SESSION_KEY, JSON.stringify({ leadId, last: env.now() }));
    } catch {
      // No storage: every page load is a visit of its own.
    }
  };

  if (!sameVisit(read(env, SESSION_KEY), leadId, start)) record('visit');
  touch();

  const doc = env.document;
  let visibleMs = 0;
  let since: number | undefined = doc.visibilityState === 'visible' ? start : undefined;
  let sent = false;
  const hide = (): void => {
    if (since !== undefined) visibleMs += env.now() - since;
    since = undefined;
    touch();
    if (!sent) record('page-view', Math.min(MAX_SECONDS, Math.round(visibleMs / 1000)));
    sent = true;
  };
  const onVisibility = (): void => {
    if (doc.visibilityState !== 'visible') hide();
    else if (since === undefined) {
      since = env.now();
      touch();
    }
  };
  doc.addEventListener('visibilitychange', onVisibility);
  env.window.addEventListener('pagehide', hide);
  const tracking: Tracking = {
    leadId,
    stop() {
      doc.removeEventListener('visibilitychange', onVisibility);
      env.window.removeEventListener('pagehide', hide);
      if (running === tracking) running = undefined;
    },
  };
  return (running = tracking);
}

/**
 * The visitor's opt-out: stops the tracker and forgets the lead id every form remembered in this
 * browser (they are not recognised as a returning visitor either); nothing is recorded until they
 * submit a form with consent again.
 */
export function stopTracking(options: Pick<TrackOptions, 'env'> = {}): void {
  running?.stop();
  let env: TrackEnv;
  try {
    env = { ...browser(), ...options.env };
  } catch {
    return;
  }
  try {
    const { storage } = env;
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key?.startsWith('l2c-lead-form:')) keys.push(key);
    }
    for (const key of [...keys, SESSION_KEY]) storage.removeItem(key);
    storage.setItem(OPT_OUT_KEY, '1');
  } catch {
    // No storage: nothing was remembered.
  }
}
