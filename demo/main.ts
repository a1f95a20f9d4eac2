/**
 * The landing page: what the suite is, the two demo pages, and what is in the current store.
 */
import type { Repository, Unsubscribe } from '../src/index.js';
import { h, replace } from './dom.js';
import { startShell } from './shell.js';

const shell = startShell('home');
const content = h('div', { class: 'home-content' });
shell.provider.append(content);
const counts = h('p', { class: 'counts', id: 'counts' });
let figures: [number, number, number] | undefined;

function render(): void {
  const t = shell.texts().home;
  replace(content,
    h('h1', {}, t.title),
    h('p', { class: 'lead' }, t.intro),
    h('div', { class: 'cards' },
      h('a', { class: 'card-link', href: './marketing.html', id: 'go-marketing' },
        h('h2', {}, t.marketingTitle), h('p', {}, t.marketingText), h('span', { class: 'go' }, `${t.open} →`)),
      h('a', { class: 'card-link', href: './workspace.html', id: 'go-workspace' },
        h('h2', {}, t.workspaceTitle), h('p', {}, t.workspaceText), h('span', { class: 'go' }, `${t.open} →`))),
    counts,
    h('h2', {}, t.tryTitle),
    h('ul', { class: 'tries' }, ...t.tries.map((line) => h('li', {}, line))),
  );
  renderCounts();
}

function renderCounts(): void {
  counts.textContent = figures ? shell.texts().home.counts(...figures) : '';
}

let stop: Unsubscribe | undefined;
let generation = 0;
async function count(repository: Repository): Promise<void> {
  const mine = ++generation;
  try {
    const next: [number, number, number] = [await repository.deals.count(), await repository.leads.count(), await repository.pipelines.count()];
    if (mine !== generation) return;
    figures = next;
  } catch {
    figures = undefined;
  }
  renderCounts();
}

shell.onLanguage(render);
shell.onRepository((repository) => {
  stop?.();
  let scheduled = false;
  stop = repository.subscribe(() => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      void count(repository);
    }, 100);
  });
  void count(repository);
});
