/**
 * "Import CSV": leads or deals from a file (or pasted text) through core `importLeads` /
 * `importDeals`, valid rows stored through the repository, and a report of rows imported and lines
 * rejected. Every message, including text from the file, is shown with textContent.
 */
import { importDeals, importLeads, scoreLeads, type Deal, type Lead, type Pipeline } from '../src/core/index.js';
import type { Repository } from '../src/storage/index.js';
import { h, replace } from './dom.js';
import { pipelineName } from './labels.js';
import type { Texts } from './i18n.js';
import { sampleDealsCsv, sampleLeadsCsv } from './sample-csv.js';
import { DEMO_SCORING } from './scoring.js';

/** What the dialog needs from the page. */
export interface ImportContext {
  texts(): Texts;
  lang(): string;
  repository(): Repository | undefined;
  pipelines(): Pipeline[];
  pipelineId(): string | undefined;
}

/** Creates the dialog (appended to `parent`) and returns a function that opens it. */
export function createImportDialog(parent: HTMLElement, ctx: ImportContext): () => void {
  const dialog = h('dialog', { id: 'import-dialog', class: 'import-dialog', 'aria-labelledby': 'import-title' });
  parent.append(dialog);
  let kind: 'leads' | 'deals' = 'leads';
  let pipelineId: string | undefined;
  let sampleUrl: string | undefined;

  const report = h('div', { id: 'import-report', class: 'import-report', role: 'status' });

  function render(): void {
    const t = ctx.texts().csv;
    const pipelines = ctx.pipelines();
    pipelineId = pipelines.some((p) => p.id === pipelineId) ? pipelineId : ctx.pipelineId() ?? pipelines[0]?.id;

    const kindGroup = h('fieldset', { class: 'kind' }, h('legend', {}, t.kind));
    for (const k of ['leads', 'deals'] as const) {
      const radio = h('input', { type: 'radio', name: 'import-kind', value: k, id: `import-kind-${k}` });
      radio.checked = kind === k;
      radio.addEventListener('change', () => {
        kind = k;
        render();
      });
      kindGroup.append(h('label', { for: `import-kind-${k}` }, radio, ` ${t.kinds[k]}`));
    }

    const pipelineSelect = h('select', { id: 'import-pipeline', name: 'pipeline' });
    for (const p of pipelines) {
      const option = h('option', { value: p.id }, pipelineName(p, ctx.lang()));
      option.selected = p.id === pipelineId;
      pipelineSelect.append(option);
    }
    pipelineSelect.addEventListener('change', () => {
      pipelineId = pipelineSelect.value;
      render();
    });

    if (sampleUrl) URL.revokeObjectURL(sampleUrl);
    const pipeline = pipelines.find((p) => p.id === pipelineId);
    const sample = kind === 'leads' ? sampleLeadsCsv() : pipeline ? sampleDealsCsv(pipeline) : undefined;
    sampleUrl = sample ? URL.createObjectURL(new Blob([sample.text], { type: 'text/csv' })) : undefined;

    const file = h('input', { type: 'file', id: 'import-file', name: 'file', accept: '.csv,text/csv,text/plain' });
    const paste = h('textarea', { id: 'import-text', name: 'text', rows: 4, spellcheck: 'false' });
    const run = h('button', { type: 'submit', class: 'primary', id: 'import-run' }, t.run);
    const form = h('form', { method: 'dialog', class: 'import-form' },
      h('h2', { id: 'import-title' }, t.title),
      kindGroup,
      kind === 'deals' ? h('label', { for: 'import-pipeline' }, t.pipeline, pipelineSelect) : null,
      h('label', { for: 'import-file' }, t.file, file),
      h('label', { for: 'import-text' }, t.paste, paste),
      sample && sampleUrl ? h('p', {}, h('a', { href: sampleUrl, download: sample.name, id: 'import-sample' }, t.sample)) : null,
      report,
      h('div', { class: 'actions' },
        run,
        h('button', { type: 'button', id: 'import-close', onclick: () => dialog.close() }, t.close)),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void importNow(file, paste);
    });
    replace(dialog, form);
  }

  async function importNow(file: HTMLInputElement, paste: HTMLTextAreaElement): Promise<void> {
    const t = ctx.texts().csv;
    const chosen = file.files?.[0];
    const text = chosen ? await chosen.text() : paste.value;
    if (!text.trim()) {
      replace(report, h('p', { class: 'error' }, t.empty));
      return;
    }
    const repository = ctx.repository();
    if (!repository) return;
    replace(report, h('p', {}, t.importing));
    const pipeline = ctx.pipelines().find((p) => p.id === pipelineId);
    let imported: number;
    let errors: { line: number; path?: string; message: string }[];
    try {
      if (kind === 'leads') {
        const result = importLeads(text);
        const scores = scoreLeads(result.records, [], DEMO_SCORING);
        const leads: Lead[] = result.records.map((lead, i) => (lead.score === undefined ? { ...lead, score: scores[i]!.score, grade: scores[i]!.grade } : lead));
        await repository.leads.putMany(leads);
        imported = leads.length;
        errors = result.errors;
      } else {
        if (!pipeline) return;
        const result = importDeals(text, { pipeline });
        await repository.deals.putMany(result.records as Deal[]);
        imported = result.records.length;
        errors = result.errors;
      }
    } catch (error) {
      replace(report, h('p', { class: 'error' }, t.failed(error instanceof Error ? error.message : String(error))));
      return;
    }
    const rejected = new Set(errors.filter((e) => e.line > 0).map((e) => e.line)).size;
    const list = h('ul', { id: 'import-errors' });
    for (const e of errors) {
      list.append(h('li', {}, `${t.line(e.line)}: ${e.path ? `${e.path}: ` : ''}${e.message}`));
    }
    replace(report, h('p', { id: 'import-summary' }, t.report(imported, rejected)), errors.length ? list : null);
    // Imported once: pressing Import again should not add the same rows twice.
    file.value = '';
    paste.value = '';
  }

  return () => {
    replace(report);
    render();
    if (!dialog.open) dialog.showModal();
  };
}
