/**
 * The "marketing site": a product landing page for a made-up product, with the lead form embedded
 * as a site would embed it (consent, custom `.schema` fields, the header slot, a campaign, scoring).
 */
import type { FormField, Lead, LeadCaptureForm } from '../src/index.js';
import { h, replace } from './dom.js';
import type { Texts } from './i18n.js';
import { DEMO_SCORING } from './scoring.js';
import { startShell } from './shell.js';

const shell = startShell('marketing');
const { tags } = shell;

const page = h('div', { class: 'product' });
const form = document.createElement(tags.form) as LeadCaptureForm;
form.id = 'lead-form';
form.setAttribute('fields', 'name,email,company,phone');
form.setAttribute('required', 'name,email,company');
form.setAttribute('campaign', 'pulse-website');
form.scoring = DEMO_SCORING;
const formHeader = h('div', { slot: 'header', class: 'form-header' });
form.append(formHeader);
const notice = h('div', { class: 'capture-notice', id: 'capture-notice', role: 'status' });
let captured: { lead: Lead; synced: boolean } | undefined;

function schemaFor(t: Texts['marketing']): FormField[] {
  return [
    // Option values stay in English whatever the language, so scoring and reports read the same.
    { name: 'industry', type: 'select', label: t.industry, required: true,
      options: t.industries.map((label, i) => ({ value: ['SaaS', 'Manufacturing', 'Retail', 'Healthcare', 'Finance', 'Education', 'Logistics'][i]!, label })) },
    { name: 'teamSize', type: 'select', label: t.teamSize, help: t.teamSizeHelp, required: true,
      options: ['1–5', '6–20', '21–100', '100+'] },
    { name: 'crm', type: 'radio', label: t.crm, options: t.crms.map(([value, label]) => ({ value, label })) },
    { name: 'crmOther', type: 'text', label: t.crmOther, maxLength: 80, showIf: { field: 'crm', equals: 'other' } },
  ];
}

function renderNotice(): void {
  const t = shell.texts().marketing;
  if (!captured) {
    replace(notice);
    return;
  }
  const { lead, synced } = captured;
  replace(notice,
    h('span', {}, t.submitted(lead.name ?? lead.email ?? lead.id)),
    synced ? h('span', {}, ` ${t.synced}`) : null,
    ' ',
    h('a', { href: `./workspace.html?lead=${encodeURIComponent(lead.id)}` }, t.qualify));
}

const hero = h('section', { class: 'hero' });
const features = h('section', { class: 'features' });
const quote = h('figure', { class: 'quote' });
const footer = h('footer', { class: 'product-footer' });
// The form stays where it is across language changes (moving it would reconnect it).
page.append(hero, features, quote, h('section', { class: 'book', id: 'book-demo', 'aria-labelledby': 'book' }, form, notice), footer);

function render(texts: Texts): void {
  const t = texts.marketing;
  form.schema = schemaFor(t);
  form.setAttribute('consent', t.consent);
  form.setAttribute('success-message', t.success);
  replace(formHeader, h('h2', { id: 'book' }, t.formTitle), h('p', {}, t.formText));
  const campaignUrl = './marketing.html?utm_source=linkedin&utm_medium=paid-social&utm_campaign=spring-launch#book-demo';
  replace(hero,
    h('p', { class: 'product-name' }, t.product),
    h('h1', {}, t.heroTitle),
    h('p', { class: 'lead' }, t.heroText),
    h('p', {}, h('a', { class: 'cta', href: '#book-demo' }, t.cta)),
    h('p', { class: 'small' }, `${t.campaignNote} `, h('a', { href: campaignUrl }, t.campaignLink)));
  replace(features, ...t.features.map(([title, text]) => h('div', { class: 'feature' }, h('h2', {}, title), h('p', {}, text))));
  replace(quote, h('blockquote', {}, t.quote), h('figcaption', {}, t.quoteBy));
  replace(footer, t.footer);
  renderNotice();
}

form.addEventListener('lead-submitted', (e) => {
  captured = { lead: e.detail.lead, synced: false };
  renderNotice();
});
form.addEventListener('lead-synced', (e) => {
  if (captured?.lead.id === e.detail.lead.id) captured.synced = true;
  renderNotice();
});

shell.provider.append(page);
shell.onLanguage(render);
