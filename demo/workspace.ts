/**
 * The "sales workspace": board, funnel (with the revenue planner), process map and BANT qualifier
 * under one provider, on the same data. The elements never talk to each other; this page listens to
 * their events and sets their properties:
 * - a stage chosen in the funnel or the map filters the board to the deals that reached that stage
 *   (the ones the funnel and the map count) and is marked in the funnel;
 * - a deal opened on the board is shown in a panel and its stage marked in the funnel;
 * - the pipeline switched on the board is the one the funnel, the map and the qualifier use;
 * - a lead chosen in the list is qualified with BANT; a converted lead's deal appears on the board.
 */
import {
  dueForRequalification, findStage, formatDate, formatMoney, isParked, stageLabel,
  type Activity, type BantQualifier, type Deal, type FunnelChart, type Lead, type Pipeline, type PipelineBoard,
  type Repository, type SalesProcessMap, type Unsubscribe,
} from '../src/index.js';
import { createImportDialog } from './csv-import.js';
import { byId, h, replace } from './dom.js';
import { startShell } from './shell.js';

const shell = startShell('workspace');
const { tags } = shell;
const PIPELINE_KEY = 'l2c-demo:pipeline';

const OWNERS: Record<string, string> = {
  ana: 'Ana Silva', ben: 'Ben Okafor', chen: 'Chen Jing', dara: 'Dara Byrne', emil: 'Emil Larsen', fatima: 'Fatima Haddad',
};

// ---------------------------------------------------------------------------------------------
// Elements

function create<T extends HTMLElement>(tag: string, id: string): T {
  const el = document.createElement(tag) as T;
  el.id = id;
  return el;
}

const board = create<PipelineBoard>(tags.board, 'board');
board.owners = OWNERS;
board.setAttribute('card-fields', 'expectedClose');

const funnel = create<FunnelChart>(tags.funnel, 'funnel');
funnel.planner = true;
funnel.target = 1_500_000;

const map = create<SalesProcessMap>(tags.map, 'map');
map.highlightBottlenecks = true;

const bant = create<BantQualifier>(tags.bant, 'bant');

// ---------------------------------------------------------------------------------------------
// Page state

let repository: Repository | undefined;
let pipelines: Pipeline[] = [];
let pipelineId: string | undefined = localStorage.getItem(PIPELINE_KEY) ?? undefined;
let deals: Deal[] = [];
let activities: Activity[] = [];
let leads: Lead[] = [];
/** The stage the board is filtered to, and the deals that were in it when it was chosen. */
let stageFilter: { stageId: string; ids: Set<string> } | undefined;
let openedDeal: Deal | undefined;
let leadId: string | undefined = new URLSearchParams(location.search).get('lead') ?? undefined;
let leadView: 'open' | 'sql' | 'all' = 'open';
let leadQuery = '';
/** The last action's message, kept as data so it follows a language switch. */
let notice: { dealCreated: string } | undefined;

const lang = () => shell.settings.lang;
const texts = () => shell.texts().workspace;
const currentPipeline = () => pipelines.find((p) => p.id === pipelineId);

// ---------------------------------------------------------------------------------------------
// Layout

const title = h('h1', {});
const importButton = h('button', { type: 'button', id: 'import-open', class: 'primary' });
const selection = h('div', { class: 'selection', id: 'selection', role: 'status' });
const boardTitle = h('h2', { id: 'board-title' });
const funnelTitle = h('h2', { id: 'funnel-title' });
const mapTitle = h('h2', { id: 'map-title' });
const viewLabel = h('label', { for: 'map-view' });
const viewSelect = h('select', { id: 'map-view' });
const leadsTitle = h('h2', { id: 'leads-title' });
const leadFilterLabel = h('label', { for: 'lead-filter' });
const leadFilter = h('select', { id: 'lead-filter' });
const leadSearchLabel = h('label', { for: 'lead-search' });
const leadSearch = h('input', { id: 'lead-search', type: 'search', autocomplete: 'off' });
const leadList = h('ul', { class: 'lead-list', id: 'lead-list', 'aria-labelledby': 'leads-title' });
const leadMore = h('p', { class: 'muted small' });
const bantTitle = h('h2', { id: 'bant-title' });
const bantHint = h('p', { class: 'muted', id: 'bant-hint' });
const dealPanel = h('section', { class: 'panel deal-panel', id: 'deal-panel', 'aria-labelledby': 'deal-title' });

viewLabel.append(h('span', {}), viewSelect);
leadFilterLabel.append(h('span', {}), leadFilter);
leadSearchLabel.append(h('span', {}), leadSearch);

shell.provider.append(
  h('div', { class: 'workspace-head' }, title, importButton),
  selection,
  h('section', { class: 'panel board-panel', 'aria-labelledby': 'board-title' }, boardTitle, board),
  h('section', { class: 'panel', 'aria-labelledby': 'map-title' }, h('div', { class: 'panel-head' }, mapTitle, viewLabel), map),
  h('div', { class: 'grid-2' },
    h('section', { class: 'panel', 'aria-labelledby': 'funnel-title' }, funnelTitle, funnel),
    dealPanel),
  h('div', { class: 'grid-leads' },
    h('section', { class: 'panel leads-panel', 'aria-labelledby': 'leads-title' },
      leadsTitle, h('div', { class: 'lead-controls' }, leadFilterLabel, leadSearchLabel), leadList, leadMore),
    h('section', { class: 'panel', 'aria-labelledby': 'bant-title' }, bantTitle, bantHint, bant)),
);

const openImport = createImportDialog(shell.provider, {
  texts: shell.texts,
  lang,
  repository: () => repository,
  pipelines: () => pipelines,
  pipelineId: () => pipelineId,
});
importButton.addEventListener('click', openImport);

// ---------------------------------------------------------------------------------------------
// Rendering

function renderStatic(): void {
  const t = texts();
  title.textContent = t.title;
  importButton.textContent = t.importCsv;
  boardTitle.textContent = t.board;
  funnelTitle.textContent = t.funnel;
  mapTitle.textContent = t.map;
  viewLabel.firstElementChild!.textContent = `${t.view} `;
  replace(viewSelect, ...(['flow', 'blueprint'] as const).map((v) => {
    const option = h('option', { value: v }, t.views[v]);
    option.selected = map.view === v;
    return option;
  }));
  leadsTitle.textContent = t.leads;
  leadFilterLabel.firstElementChild!.textContent = `${t.leadFilter} `;
  replace(leadFilter, ...(['open', 'sql', 'all'] as const).map((v) => {
    const option = h('option', { value: v }, t.leadStatuses[v]);
    option.selected = leadView === v;
    return option;
  }));
  leadSearchLabel.firstElementChild!.textContent = `${t.leadSearch} `;
  bantTitle.textContent = t.bant;
}

function stageName(stageId: string): string {
  const stage = currentPipeline() && findStage(currentPipeline()!, stageId);
  return stage ? stageLabel(stage, lang()) : stageId;
}

function renderSelection(): void {
  const t = texts();
  const parts: (Node | string)[] = [];
  if (stageFilter) {
    parts.push(h('span', { class: 'chip', id: 'stage-filter' }, t.stageFilter(stageFilter.ids.size, stageName(stageFilter.stageId))),
      h('button', { type: 'button', class: 'link-button', id: 'clear-filter', onclick: clearStageFilter }, t.showAll));
  }
  const deal = openedDeal && (deals.find((d) => d.id === openedDeal!.id) ?? openedDeal);
  if (deal) {
    parts.push(h('a', { class: 'chip', href: '#deal-panel', id: 'deal-chip' },
      `${t.deal}: ${deal.title} · ${formatMoney(deal.value, deal.currency || 'USD', lang())} · ${stageName(deal.stageId)}`));
  }
  if (notice) parts.push(h('span', { class: 'notice' }, t.dealCreated(notice.dealCreated)));
  replace(selection, ...parts);
  selection.hidden = parts.length === 0;
}

function renderDeal(): void {
  const t = texts();
  const deal = openedDeal && (deals.find((d) => d.id === openedDeal!.id) ?? openedDeal);
  if (!deal) {
    replace(dealPanel, h('h2', { id: 'deal-title' }, t.deal), h('p', { class: 'muted' }, t.noDeal));
    return;
  }
  const history = h('ol', { class: 'history' });
  for (const visit of deal.history ?? []) {
    history.append(h('li', {}, `${stageName(visit.stageId)} · ${formatDate(visit.enteredAt, lang())}`));
  }
  const dl = h('dl', {});
  const row = (term: string, value: string) => dl.append(h('dt', {}, term), h('dd', {}, value));
  row(t.dealValue, formatMoney(deal.value, deal.currency || 'USD', lang()));
  row(t.dealStage, stageName(deal.stageId));
  if (deal.ownerId) row(t.dealOwner, OWNERS[deal.ownerId] ?? deal.ownerId);
  if (deal.expectedClose) row(t.dealClose, formatDate(deal.expectedClose, lang()));
  replace(dealPanel, h('h2', { id: 'deal-title' }, t.deal), h('p', { class: 'deal-name', id: 'deal-name' }, deal.title), dl,
    h('h3', {}, t.dealHistory), history);
}

function leadMatches(lead: Lead, now: number): boolean {
  // The qualify list: open leads, less nurtured ones parked until their re-entry date.
  if (leadView === 'open' && (!['new', 'nurturing', 'mql'].includes(lead.status) || isParked(lead, now))) return false;
  if (leadView === 'sql' && lead.status !== 'sql') return false;
  if (!leadQuery) return true;
  const haystack = `${lead.name ?? ''} ${lead.company ?? ''} ${lead.email ?? ''}`.toLowerCase();
  return haystack.includes(leadQuery);
}

const LIST_LIMIT = 60;

function renderLeads(): void {
  const t = texts();
  const now = Date.now();
  // Nurtured leads whose re-entry date has passed come first: they are back for qualification.
  const due = new Set(dueForRequalification(leads, now).map((l) => l.id));
  const shown = leads.filter((l) => leadMatches(l, now)).sort((a, b) => Number(due.has(b.id)) - Number(due.has(a.id))
    || (b.score ?? 0) - (a.score ?? 0) || (a.name ?? '').localeCompare(b.name ?? ''));
  replace(leadList);
  const visible = shown.slice(0, LIST_LIMIT);
  // The lead being qualified stays in the list, even when the filter or the limit would hide it.
  const chosen = leads.find((l) => l.id === leadId);
  if (chosen && !visible.includes(chosen)) visible.unshift(chosen);
  for (const lead of visible) {
    const source = lead.source?.utm_source;
    const button = h('button', { type: 'button', class: 'lead-item', 'data-lead-id': lead.id, 'aria-pressed': String(lead.id === leadId) },
      h('span', { class: 'lead-name' }, lead.name ?? lead.email ?? lead.id),
      h('span', { class: 'lead-meta' },
        [lead.company, source ? t.leadFrom(source) : undefined].filter(Boolean).join(' · ')),
      h('span', { class: `badge status-${lead.status}` }, lead.status.toUpperCase()),
      due.has(lead.id) ? h('span', { class: 'badge reentry' }, t.reentryDue) : null,
      lead.score !== undefined ? h('span', { class: 'score' }, String(Math.round(lead.score))) : null);
    button.addEventListener('click', () => chooseLead(lead.id));
    leadList.append(h('li', {}, button));
  }
  if (shown.length === 0) leadList.append(h('li', { class: 'muted' }, t.noLeads));
  leadMore.textContent = shown.length > LIST_LIMIT ? t.moreLeads(shown.length - LIST_LIMIT) : '';
  bantHint.textContent = leadId ? '' : t.pickLead;
  bantHint.hidden = Boolean(leadId);
}

function renderAll(): void {
  renderStatic();
  renderSelection();
  renderDeal();
  renderLeads();
}

// ---------------------------------------------------------------------------------------------
// Wiring the elements together

function setPipeline(id: string | undefined): void {
  if (id === pipelineId && board.getAttribute('pipeline-id') === id) return;
  pipelineId = id;
  if (id) localStorage.setItem(PIPELINE_KEY, id);
  stageFilter = undefined;
  for (const el of [board, funnel, map, bant]) {
    if (id) el.setAttribute('pipeline-id', id);
    else el.removeAttribute('pipeline-id');
  }
  funnel.selected = undefined;
  applyBoardFilter();
  void loadDeals();
  renderSelection();
}

/** The board filtered to a stage is used "controlled": it gets the deals, pipelines and activities, and its moves are stored here. */
function applyBoardFilter(): void {
  if (!stageFilter) {
    board.deals = undefined;
    board.pipelines = undefined;
    board.activities = undefined;
    return;
  }
  const ids = stageFilter.ids;
  board.pipelines = pipelines;
  board.activities = activities;
  board.deals = deals.filter((d) => ids.has(d.id));
}

function selectStage(stageId: string): void {
  const pipeline = currentPipeline();
  if (!pipeline || !findStage(pipeline, stageId)) return; // the map's start and decision nodes are not stages
  // The deals the funnel and the map count for the stage: those that reached it, wherever they are now.
  const reached = deals.filter((d) => d.stageId === stageId || d.history?.some((visit) => visit.stageId === stageId));
  stageFilter = { stageId, ids: new Set(reached.map((d) => d.id)) };
  funnel.selected = stageId;
  notice = undefined;
  applyBoardFilter();
  renderSelection();
  // Deals that reached a stage have mostly moved on: show the first column from there that holds any.
  const from = pipeline.stages.findIndex((st) => st.id === stageId);
  const shown = deals.filter((d) => stageFilter!.ids.has(d.id));
  const first = pipeline.stages.slice(from).find((st) => shown.some((d) => d.stageId === st.id));
  void revealColumn(first?.id ?? stageId);
}

function clearStageFilter(): void {
  stageFilter = undefined;
  funnel.selected = undefined;
  applyBoardFilter();
  renderSelection();
}

/** Scrolls the board sideways to a column (a documented part with `data-stage-id`), without moving the page or focus. */
async function revealColumn(stageId: string): Promise<void> {
  await board.updateComplete;
  const root = board.shadowRoot;
  const row = root?.querySelector<HTMLElement>('[part~="board"]');
  const column = root?.querySelector<HTMLElement>(`[part~="column"][data-stage-id="${CSS.escape(stageId)}"]`);
  if (!row || !column) return;
  const left = column.getBoundingClientRect().left - row.getBoundingClientRect().left + row.scrollLeft;
  row.scrollTo({ left: Math.max(0, left - 16), behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
}

function chooseLead(id: string): void {
  leadId = id;
  bant.setAttribute('lead-id', id);
  const url = new URL(location.href);
  url.searchParams.set('lead', id);
  history.replaceState(null, '', url);
  renderLeads();
}

board.addEventListener('pipeline-selected', (e) => setPipeline(e.detail.pipelineId));
board.addEventListener('deal-opened', (e) => {
  openedDeal = e.detail.deal;
  if (currentPipeline() && findStage(currentPipeline()!, openedDeal.stageId)?.kind === 'open') funnel.selected = openedDeal.stageId;
  renderDeal();
  renderSelection();
  if (openedDeal.leadId && leads.some((l) => l.id === openedDeal!.leadId)) chooseLead(openedDeal.leadId);
});
board.addEventListener('deal-moved', (e) => {
  // Uncontrolled, the board stored the move itself; filtered (controlled), the page stores it.
  if (board.deals !== undefined && repository) void repository.deals.put(e.detail.deal);
});
funnel.addEventListener('stage-selected', (e) => selectStage(e.detail.stageId));
map.addEventListener('node-selected', (e) => selectStage(e.detail.nodeId));
bant.addEventListener('deal-created', (e) => {
  const { deal } = e.detail;
  openedDeal = deal;
  notice = { dealCreated: deal.title };
  if (deal.pipelineId !== pipelineId) setPipeline(deal.pipelineId);
  else clearStageFilter();
  renderDeal();
  renderSelection();
});
viewSelect.addEventListener('change', () => {
  map.view = viewSelect.value as SalesProcessMap['view'];
});
leadFilter.addEventListener('change', () => {
  leadView = leadFilter.value as typeof leadView;
  renderLeads();
});
leadSearch.addEventListener('input', () => {
  leadQuery = leadSearch.value.trim().toLowerCase();
  renderLeads();
});

// ---------------------------------------------------------------------------------------------
// Data: the page reads the repository for its own panels (the elements read it themselves)

let stop: Unsubscribe | undefined;
let generation = 0;

async function loadPipelines(): Promise<void> {
  if (!repository) return;
  const mine = generation;
  const list = await repository.pipelines.list();
  if (mine !== generation) return;
  pipelines = list;
  // The lead-to-cash pipeline carries most sample deals: start there.
  if (!pipelines.some((p) => p.id === pipelineId)) setPipeline((pipelines.find((p) => p.id === 'l2c') ?? pipelines[0])?.id);
  else setPipeline(pipelineId);
  applyBoardFilter();
}

async function loadDeals(): Promise<void> {
  if (!repository || !pipelineId) return;
  const mine = generation;
  const [list, acts] = await Promise.all([repository.deals.list({ where: { pipelineId } }), repository.activities.list()]);
  if (mine !== generation) return;
  deals = list;
  activities = acts;
  applyBoardFilter();
  renderDeal();
  renderSelection();
}

async function loadLeads(): Promise<void> {
  if (!repository) return;
  const mine = generation;
  const list = await repository.leads.list();
  if (mine !== generation) return;
  leads = list;
  if (leadId && leads.some((l) => l.id === leadId)) bant.setAttribute('lead-id', leadId);
  renderLeads();
}

shell.onRepository((repo) => {
  stop?.();
  generation++;
  repository = repo;
  pipelines = [];
  deals = [];
  leads = [];
  stageFilter = undefined;
  openedDeal = undefined;
  applyBoardFilter();
  // A burst of changes (a seed, an import, a sync) reloads once.
  let dirty = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  stop = repo.subscribe((change) => {
    dirty.add(change.collection);
    timer ??= setTimeout(() => {
      timer = undefined;
      const changed = dirty;
      dirty = new Set();
      if (changed.has('pipelines')) void loadPipelines().then(loadDeals);
      else if (changed.has('deals') || changed.has('activities')) void loadDeals();
      if (changed.has('leads')) void loadLeads();
    }, 50);
  });
  void loadPipelines().then(loadDeals);
  void loadLeads();
  renderAll();
});

shell.onLanguage(() => renderAll());
byId('main').dataset.ready = 'true';
