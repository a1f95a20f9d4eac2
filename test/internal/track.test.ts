/**
 * The engagement tracker (l2c-elements/track, issue 14): nothing before a submission with consent,
 * nothing under Global Privacy Control or Do Not Track, a page view with the seconds visible when
 * the page is hidden, a visit per 30-minute session, and the opt-out. The browser is faked
 * (document, clock, storage), so no test waits on the wall clock.
 */
import { expect } from '@open-wc/testing';
import { html } from 'lit';
import { L2cProvider } from '../../src/components/l2c-provider/l2c-provider.js';
import { LeadCaptureForm } from '../../src/components/lead-capture-form/lead-capture-form.js';
import { engagementEvents, validateActivity } from '../../src/core/index.js';
import { MemoryRepository } from '../../src/storage/memory.js';
import { startTracking, stopTracking, VISIT_GAP_MS, type TrackEnv, type TrackedActivity } from '../../src/track.js';
import { mount } from '../fixture.js';
import { until } from '../storage/repository-suite.js';
import { fill, submit, tick } from '../components/lead-capture-form.suite.js';

L2cProvider.define();
LeadCaptureForm.define();

// The key a form with endpoint="https://crm.example/api" remembers its visitor under.
const KEY = 'l2c-lead-form:https://crm.example/api|l2c';
const T0 = Date.parse('2026-03-02T09:00:00Z');

/** A browser the test drives: its clock, visibility, storage, privacy signals and what was sent. */
function fakeBrowser(stored: Record<string, string> = {}, signals: TrackEnv['navigator'] = {}) {
  let t = T0;
  const map = new Map(Object.entries(stored));
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const win = new EventTarget();
  const sent: { url: string; init: RequestInit; activity: TrackedActivity }[] = [];
  const env: TrackEnv = {
    now: () => t,
    document: doc,
    window: win,
    storage: {
      getItem: (k) => map.get(k) ?? null,
      setItem: (k, v) => void map.set(k, String(v)),
      removeItem: (k) => void map.delete(k),
      key: (i) => [...map.keys()][i] ?? null,
      get length() {
        return map.size;
      },
    },
    navigator: signals,
    location: { pathname: '/pricing' },
    fetch: (url, init) => {
      sent.push({ url, init, activity: JSON.parse(String(init.body)) as TrackedActivity });
      return Promise.resolve(new Response(null, { status: 201 }));
    },
  };
  const visibility = (state: 'visible' | 'hidden') => {
    doc.visibilityState = state;
    doc.dispatchEvent(new Event('visibilitychange'));
  };
  return { env, map, sent, visibility, advance: (ms: number) => void (t += ms), pagehide: () => win.dispatchEvent(new Event('pagehide')) };
}

const consented = { [KEY]: 'lead-1', [`${KEY}|consent`]: '2026-03-01T10:00:00Z' };
const track = (b: ReturnType<typeof fakeBrowser>) => startTracking({ endpoint: 'https://crm.example/api', apiKey: 'l2c_pk_test', env: b.env });

describe('track (engagement tracker)', () => {
  afterEach(() => stopTracking({ env: fakeBrowser().env }));

  it('records nothing for a visitor who never submitted, or submitted without consent', () => {
    for (const stored of [{}, { [KEY]: 'lead-1' }, { [`${KEY}|consent`]: '2026-03-01T10:00:00Z' }] as Record<string, string>[]) {
      const b = fakeBrowser(stored);
      expect(track(b)).to.equal(undefined);
      b.advance(30_000);
      b.visibility('hidden');
      b.pagehide();
      expect(b.sent).to.deep.equal([]);
    }
  });

  it('records nothing under Global Privacy Control or Do Not Track, even after consent', () => {
    for (const signals of [{ globalPrivacyControl: true }, { doNotTrack: '1' }]) {
      const b = fakeBrowser(consented, signals);
      expect(track(b)).to.equal(undefined);
      b.visibility('hidden');
      expect(b.sent).to.deep.equal([]);
    }
  });

  it('sends a visit at once and a page view with the seconds visible when the page is hidden', () => {
    const b = fakeBrowser(consented);
    expect(track(b)?.leadId).to.equal('lead-1');
    expect(b.sent.map((s) => s.activity.type)).to.deep.equal(['visit']);
    b.advance(12_400);
    b.visibility('hidden'); // 12 s seen
    b.advance(600_000); // hidden: not counted
    b.visibility('visible');
    b.advance(5_000);
    b.pagehide(); // one page view per page load: already sent
    expect(b.sent).to.have.length(2);
    const { url, init, activity } = b.sent[1]!;
    expect(url).to.equal('https://crm.example/api/activities');
    expect(init).to.deep.include({ method: 'POST', keepalive: true });
    expect((init.headers as Record<string, string>).authorization).to.equal('Bearer l2c_pk_test');
    expect(activity).to.deep.include({ leadId: 'lead-1', type: 'page-view', value: 12, page: '/pricing', engagement: true, at: new Date(T0).toISOString() });
    // What is sent is a valid engagement activity, and scoring reads it with its amount.
    for (const s of b.sent) expect(validateActivity(s.activity).errors).to.deep.equal([]);
    expect(engagementEvents(b.sent.map((s) => s.activity), 'lead-1').map((e) => [e.type, e.value])).to.deep.equal([['visit', undefined], ['page-view', 12]]);
  });

  it('counts only visible time: a page loaded in a background tab starts counting when shown', () => {
    const b = fakeBrowser(consented);
    (b.env.document as { visibilityState: string }).visibilityState = 'hidden';
    track(b);
    b.advance(60_000);
    b.visibility('visible');
    b.advance(3_000);
    b.pagehide();
    expect(b.sent.map((s) => [s.activity.type, s.activity.value])).to.deep.equal([['visit', undefined], ['page-view', 3]]);
  });

  it('records one visit per session: a new one after 30 minutes without a page', () => {
    const b = fakeBrowser(consented);
    const visits = () => b.sent.filter((s) => s.activity.type === 'visit').length;
    const page = (gap: number) => {
      b.advance(gap);
      track(b);
      b.advance(1_000);
      b.visibility('hidden');
      b.visibility('visible');
    };
    page(0);
    page(VISIT_GAP_MS - 2_000); // within 30 minutes of the last page: the same visit
    expect(visits()).to.equal(1);
    page(VISIT_GAP_MS + 1_000); // over 30 minutes later: a new visit
    expect(visits()).to.equal(2);
    expect(b.sent.filter((s) => s.activity.type === 'page-view')).to.have.length(3);
  });

  it('opts out: stopTracking stops, forgets the lead id, and only a new submission with consent starts again', () => {
    const b = fakeBrowser(consented);
    track(b);
    stopTracking({ env: b.env });
    b.visibility('hidden');
    expect(b.sent.map((s) => s.activity.type)).to.deep.equal(['visit']);
    expect(b.map.has(KEY)).to.equal(false);
    expect(track(b)).to.equal(undefined);
    // A page that names the lead itself still respects the opt-out.
    expect(startTracking({ endpoint: 'https://crm.example/api', leadId: 'lead-1', env: b.env })).to.equal(undefined);
  });

  it('sends nothing a form holds: only the lead id, times, the path and the amount', () => {
    const b = fakeBrowser(consented);
    track(b);
    b.visibility('hidden');
    expect(b.sent.map(({ activity }) => Object.keys(activity).sort().join())).to.deep.equal(['at,engagement,id,leadId,page,type', 'at,engagement,id,leadId,page,type,value']);
  });

  describe('with <lead-capture-form>', () => {
    const MEMORY = 'l2c-lead-form:|l2c';
    const clear = () => [MEMORY, `${MEMORY}|consent`, 'l2c-track:session', 'l2c-track:opt-out'].forEach((k) => localStorage.removeItem(k));
    beforeEach(clear);
    afterEach(clear);

    async function submitForm(attrs: Record<string, string>, consent: boolean): Promise<MemoryRepository> {
      const repo = new MemoryRepository();
      const el = document.createElement('lead-capture-form') as LeadCaptureForm;
      for (const [k, v] of Object.entries({ 'min-fill-ms': '0', fields: 'email', ...attrs })) el.setAttribute(k, v);
      await mount(html`<l2c-provider .repository=${repo}>${el}</l2c-provider>`);
      await fill(el, 'email', 'ada@example.com');
      if (consent) await tick(el, 'consent');
      await submit(el);
      await until(() => !!el.shadowRoot!.querySelector('[part~="success"]'), 3000, 'success');
      return repo;
    }

    it('follows the visitor into the repository only after a submission with consent', async () => {
      const withConsent = await submitForm({ consent: 'You may contact me.' }, true);
      const [lead] = await withConsent.leads.list();
      const tracking = startTracking({ repository: withConsent, env: { document: fakeBrowser().env.document } });
      expect(tracking?.leadId).to.equal(lead!.id);
      tracking!.stop();
      let stored: unknown[] = [];
      await until(() => {
        void withConsent.activities.list().then((list) => (stored = list));
        return stored.length === 1;
      }, 3000, 'the visit');
      const [visit] = stored;
      expect(visit).to.deep.include({ leadId: lead!.id, type: 'visit', engagement: true });

      clear();
      const without = await submitForm({}, false);
      expect(startTracking({ repository: without })).to.equal(undefined);
      expect(await without.activities.list()).to.deep.equal([]);
    });
  });
});
