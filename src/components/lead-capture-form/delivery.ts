/**
 * What a lead form with REST storage tells the visitor about the lead just submitted, a chunk of its
 * own (loaded when the form has REST storage, as the REST sender is): it follows the lead through the
 * outbox from the first answer on and says only what is true of that lead. Sent; offline (saved on
 * this device, sent when back online); the server unreachable or failing while online (the same
 * promise, and one console error for the site owner naming the likely causes); refused (with the
 * fields the server named); not authorised (the form's key); given up on; and, in a browser without
 * IndexedDB, not saved on this device (keep the page open). Each later answer updates the message.
 */
import type { Lead } from '../../core/model.js';
import { Strings } from '../../internal/localize.js';
import type { Outbox, OutboxEvent } from '../../storage/rest.js';
import type { LeadFailure } from './events.js';

/** Where the lead is. */
export const DELIVERY_STATES = ['sending', 'sent', 'offline', 'waiting', 'unsaved', 'refused', 'unauthorized', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** What the form shows: the state, and for a refusal the labels of the fields the server named. */
export interface DeliveryStatus {
  state: DeliveryState;
  fields?: string[];
  /** The lead lives in this page's memory only (no IndexedDB). */
  unsaved?: boolean;
}

/** The messages of the delivery states. */
export interface DeliveryStrings {
  sending: string;
  /** Offline: saved on this device, sent when back online (the form's own `pending` is the same text). */
  pending: string;
  /** Online, but the server cannot be reached or keeps failing for now: saved, sent later. */
  waiting: string;
  /** No IndexedDB: kept in this page only, not sent yet. */
  unsaved: string;
  /** The server refused the lead (a 4xx), naming `fields` when it said which. */
  refused: (fields: string[]) => string;
  /** The form's key was refused (401, 403); `unsaved` when the lead lives in this page only. */
  unauthorized: (unsaved: boolean) => string;
  /** The server kept failing and the form gave up, or the lead conflicts with another version. */
  failed: string;
}

const list = (lang: string, items: string[]) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(items);

const en: DeliveryStrings = {
  sending: 'Sending your details…',
  pending: 'Thank you! Your details are saved on this device and will be sent as soon as you are back online.',
  waiting: 'Thank you! Your details are saved on this device and will be sent automatically as soon as our server can be reached.',
  unsaved: 'Your details have not been sent yet, and this browser does not let us save them on this device. Please keep this page open: we keep trying to send them.',
  refused: (fields) => (fields.length
    ? `Sorry, our server did not accept your details (check: ${list('en', fields)}). Please contact us another way.`
    : 'Sorry, our server did not accept your details. Please contact us another way.'),
  unauthorized: (unsaved) => (unsaved
    ? 'Sorry, your details could not be sent: this form is not set up correctly, and this browser cannot keep them. Please contact us another way.'
    : 'Sorry, your details could not be sent yet: this form is not set up correctly. They are kept on this device and will be sent once it is fixed; if it is urgent, please contact us another way.'),
  failed: 'Sorry, we could not send your details. Please try again later or contact us another way.',
};

/** The delivery messages; `.strings` on a form overrides any of them. */
export const deliveryStrings = new Strings<DeliveryStrings>('lead-capture-form-delivery', { en, 'zh-CN': () => import('./delivery.zh-CN.js') });

/** The text for `status` (`success` is the form's thank-you, its `success-message` or the default). */
export function describe(status: DeliveryStatus, s: DeliveryStrings, success: string): string {
  switch (status.state) {
    case 'sent': return success;
    case 'refused': return s.refused(status.fields ?? []);
    case 'unauthorized': return s.unauthorized(!!status.unsaved);
    case 'offline': return s.pending;
    default: return s[status.state];
  }
}

/** What the tracker needs of its form. */
export interface DeliveryHost {
  readonly localName: string;
  /** Shows a new status (and announces it once the first answer is in). */
  show(status: DeliveryStatus): void;
  /** The server accepted the lead (`lead-synced`). */
  synced(lead: Lead): void;
  /** The server refused the lead for good, or the form gave up (`lead-failed`). */
  failed(lead: Lead, error: LeadFailure): void;
  /** The label of the form field a problem path names (`email`, `custom.notes`), if it is one. */
  label(path: string): string | undefined;
  /** Whether the form uses the repository of an `<l2c-provider>` (whose `api-key` or `getHeaders` then holds the credentials). */
  readonly inProvider: boolean;
}

/** A repository with an outbox (REST). */
export interface Delivering {
  readonly endpoint: string;
  readonly outbox: Outbox;
  readonly local: { readonly inMemory: boolean };
}

/** A lead being followed: `first` settles on the first answer, or after `waitMs` without one. */
export interface Tracker {
  readonly first: Promise<DeliveryState>;
  stop(): void;
}

// The site owner hears once per repository (the forms of a page share one) about each kind of trouble.
const told = new WeakMap<object, Set<string>>();

function tell(kind: string, repo: object, message: string): void {
  const kinds = told.get(repo) ?? new Set<string>();
  told.set(repo, kinds);
  if (kinds.has(kind)) return;
  kinds.add(kind);
  console.error(message);
}

/** The field paths a problem document names (`errors: [{ path }]`, `invalid-params: [{ name }]`). */
function paths(problem: unknown): string[] {
  const p = problem as { errors?: { path?: unknown; field?: unknown }[]; 'invalid-params'?: { name?: unknown }[] } | undefined;
  const items = [...(Array.isArray(p?.errors) ? p.errors : []), ...(Array.isArray(p?.['invalid-params']) ? p['invalid-params'] : [])];
  return items.map((e) => (e as { path?: unknown; field?: unknown; name?: unknown })).map((e) => e.path ?? e.field ?? e.name).filter((x): x is string => typeof x === 'string');
}

/**
 * Follows `lead` through `repo`'s outbox (subscribe before writing it): shows `sending`, then what
 * the first answer says (or, after `waitMs` without one, that the lead is saved on this device and
 * will be sent), then every change until it is sent or given up on.
 */
export function track(host: DeliveryHost, repo: Delivering, lead: Lead, waitMs = 4000, from: DeliveryState = 'sending'): Tracker {
  const unsaved = (): boolean => repo.local.inMemory;
  let settle!: (state: DeliveryState) => void;
  const first = new Promise<DeliveryState>((resolve) => { settle = resolve; });
  // `from`: the state shown before, when the form follows the lead into another repository (a new api-key).
  let state = from;
  const show = (next: DeliveryState, fields?: string[]): void => {
    state = next;
    host.show({ state: next, ...(fields?.length ? { fields } : {}), ...(unsaved() ? { unsaved: true } : {}) });
    settle(next);
  };
  // Saved, but not sent yet: what to say depends on where it is kept and whether the browser is online.
  const pending = (): DeliveryState => (unsaved() ? 'unsaved' : globalThis.navigator?.onLine === false ? 'offline' : 'waiting');
  if (from === 'sending') host.show({ state });
  else settle(from);
  const timer = setTimeout(() => { if (state === 'sending') show(pending()); }, waitMs);
  const stopListening = repo.outbox.subscribe((e: OutboxEvent) => {
    const letter = 'letter' in e ? e.letter : undefined;
    const about = letter ?? (e.type === 'queued' ? undefined : e as { id: string; collection: string });
    if (about?.id !== lead.id || about.collection !== 'leads') return;
    if (e.type === 'retry') {
      const origin = globalThis.location?.origin;
      const keyOwner = host.inProvider ? 'the api-key attribute (or getHeaders) of the <l2c-provider> around this form' : `the api-key attribute of <${host.localName}>`;
      if (e.cause === 'unauthorized' || e.cause === 'forbidden') {
        tell(e.cause, repo, `<${host.localName}>: the server at ${repo.endpoint} refused this form's credentials (HTTP ${e.status} ${e.cause}). `
          + (e.cause === 'unauthorized'
            ? `Set ${keyOwner} to a valid form key (a key the server does not know, has revoked, or none was given). `
            : `The key in ${keyOwner} may not create leads from this page: use a key with the form role, allowed for the origin ${origin}. `)
          + 'Leads wait on visitors\' devices and are sent once a page with a working key is open.');
        show('unauthorized');
      } else {
        if (e.cause === 'network') {
          tell('network', repo, `<${host.localName}>: could not reach ${repo.endpoint} from ${origin} (${e.error}). Leads wait on visitors' devices until it can be reached. `
            + `Likely causes: the server is not running or not reachable at that address; the server does not allow this page's origin (add ${origin} to its CORS_ORIGINS); `
            + `the endpoint attribute of <${host.localName}> is wrong.`);
        }
        if (state !== 'unauthorized' || e.cause === 'offline') show(e.cause === 'offline' && !unsaved() ? 'offline' : pending());
      }
      return;
    }
    stop();
    if (e.type === 'sent') {
      show('sent');
      host.synced({ ...lead, ...(e.record as Lead | undefined) });
    } else if (letter) {
      const { reason, status, problem } = letter;
      const fields = [...new Set(paths(problem).map((p) => host.label(p)).filter((l): l is string => !!l))];
      show(reason === 'rejected' ? 'refused' : 'failed', fields);
      host.failed(lead, { reason, ...(status ? { status } : {}), ...(problem === undefined ? {} : { problem }), ...(letter.strikes ? { attempts: letter.strikes } : {}) });
    }
  });
  const stop = (): void => {
    clearTimeout(timer);
    stopListening();
  };
  if (globalThis.navigator?.onLine === false) show(pending());
  return { first, stop };
}
