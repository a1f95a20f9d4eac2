/**
 * The demo until the elements land: the core's funnel over a generated pipeline, and the shipped
 * stage templates, in English or Chinese. Built with DOM APIs and textContent only.
 */
import { PIPELINE_TEMPLATES, funnelFromDeals, pipelineFromTemplate, stageLabel, winRate } from '../src/core/index.js';
import { formatMoney, formatNumber, formatPercent } from '../src/internal/format.js';
import { generateDataset } from '../test/generate.js';

const TEXT = {
  en: {
    intro: 'The shared core at work on a generated pipeline of 400 deals. The elements arrive in the next releases.',
    funnel: 'Funnel of the lead-to-cash pipeline', templates: 'Stage templates',
    head: ['Stage', 'Deals', 'Value', 'Step conversion', 'Cumulative', 'Drop-off'], winRate: 'Win rate',
  },
  'zh-CN': {
    intro: '共享核心在一个生成的 400 个商机的销售流程上运行。各个组件将在后续版本中推出。',
    funnel: '线索到现金流程的漏斗', templates: '阶段模板',
    head: ['阶段', '商机数', '金额', '阶段转化率', '累计转化率', '流失'], winRate: '赢单率',
  },
} as const;

const data = generateDataset({ deals: 400, leads: 0 });

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function render(locale: 'en' | 'zh-CN'): void {
  const t = TEXT[locale];
  document.documentElement.lang = locale;
  document.getElementById('intro')!.textContent = t.intro;
  document.getElementById('funnel-title')!.textContent = t.funnel;
  document.getElementById('templates-title')!.textContent = t.templates;

  const pipeline = data.pipelines[0]!;
  const deals = data.deals.filter((d) => d.pipelineId === pipeline.id);
  const steps = funnelFromDeals(deals, pipeline, { mode: 'any' });
  const table = document.getElementById('funnel')!;
  table.replaceChildren();
  const head = el('tr');
  for (const h of t.head) head.append(el('th', h));
  table.append(head);
  for (const step of steps) {
    const stage = pipeline.stages.find((s) => s.id === step.id)!;
    const row = el('tr');
    row.append(
      el('td', stageLabel(stage, locale)),
      el('td', formatNumber(step.count, locale)),
      el('td', formatMoney(step.value, pipeline.currency ?? 'USD', locale)),
      el('td', formatPercent(step.stepConversion, locale)),
      el('td', formatPercent(step.cumulativeConversion, locale)),
      el('td', formatNumber(step.dropOff, locale)),
    );
    table.append(row);
  }
  const caption = el('caption', `${t.winRate}: ${formatPercent(winRate(deals), locale)}`);
  table.prepend(caption);

  const templates = document.getElementById('templates')!;
  templates.replaceChildren();
  for (const id of PIPELINE_TEMPLATES) {
    const p = pipelineFromTemplate(id, { locale });
    const box = el('div', undefined, 'template');
    const list = el('ol');
    for (const s of p.stages) list.append(el('li', s.label, s.kind));
    box.append(el('strong', p.name), list);
    templates.append(box);
  }
}

const select = document.getElementById('locale') as HTMLSelectElement;
select.addEventListener('change', () => render(select.value as 'en' | 'zh-CN'));
render('en');
