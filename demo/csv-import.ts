/**
 * "Import CSV": leads or deals from a file (or pasted text). First a mapping step (demo/csv-mapping.ts)
 * shows each column, a sample value and the field it goes to, before anything is stored; then core
 * `importLeads` / `importDeals` with the chosen mapping store the valid rows through the repository
 * (for deals optionally into a new pipeline made of the file's stage names), and a report lists rows
 * imported, lines rejected and warnings. Every message, including text from the file, is shown with
 * textContent.
 */
import { importDeals, importLeads, newId, scoreLeads, type CsvError, type Deal, type Lead, type Pipeline } from '../src/core/index.js';
import type { Repository } from '../src/storage/index.js';
import { chosenMapping, pipelineFromFile, previewMapping, renderMapping, type MappingState } from './csv-mapping.js';
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
  let preview: MappingState | undefined;
  let fileName = '';

  const report = h('div', { id: 'import-report', class: 'import-report', role: 'status' });
  const mappingSlot = h('div', { class: 'import-mapping-slot' });
  const run = h('button', { type: 'button', class: 'primary', id: 'import-run' });
  run.addEventListener('click', () => void importNow());
  // A new pipeline from the file's stages replaces the choice of an existing one.
  const syncPipeline = () => {
    const select = dialog.querySelector<HTMLSelectElement>('#import-pipeline');
    if (select) select.disabled = preview?.createPipeline === true;
  };
  mappingSlot.addEventListener('change', syncPipeline);

  function showMapping(focus: boolean): void {
    const t = ctx.texts().csv;
    run.hidden = preview === undefined;
    run.textContent = t.run;
    if (!preview) {
      replace(mappingSlot);
      syncPipeline();
      return;
    }
    const state = preview;
    replace(mappingSlot, renderMapping(state, t, (preset) => {
      preview = previewMapping(state.text, state.kind, preset);
      showMapping(false);
    }));
    syncPipeline();
    if (focus) mappingSlot.querySelector<HTMLElement>('#import-mapping-title')?.focus();
  }

  function forget(): void {
    preview = undefined;
    showMapping(false);
  }

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
        preview = undefined;
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
    });

    if (sampleUrl) URL.revokeObjectURL(sampleUrl);
    const pipeline = pipelines.find((p) => p.id === pipelineId);
    const sample = kind === 'leads' ? sampleLeadsCsv() : pipeline ? sampleDealsCsv(pipeline) : undefined;
    sampleUrl = sample ? URL.createObjectURL(new Blob([sample.text], { type: 'text/csv' })) : undefined;

    const file = h('input', { type: 'file', id: 'import-file', name: 'file', accept: '.csv,text/csv,text/plain' });
    const paste = h('textarea', { id: 'import-text', name: 'text', rows: 4, spellcheck: 'false' });
    file.addEventListener('change', forget);
    paste.addEventListener('input', forget);
    const previewButton = h('button', { type: 'submit', id: 'import-preview' }, t.preview);
    const form = h('form', { method: 'dialog', class: 'import-form' },
      h('h2', { id: 'import-title' }, t.title),
      kindGroup,
      kind === 'deals' ? h('label', { for: 'import-pipeline' }, t.pipeline, pipelineSelect) : null,
      h('label', { for: 'import-file' }, t.file, file),
      h('label', { for: 'import-text' }, t.paste, paste),
      sample && sampleUrl ? h('p', {}, h('a', { href: sampleUrl, download: sample.name, id: 'import-sample' }, t.sample)) : null,
      mappingSlot,
      report,
      h('div', { class: 'actions' },
        previewButton,
        run,
        h('button', { type: 'button', id: 'import-close', onclick: () => dialog.close() }, t.close)),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void previewNow(file, paste);
    });
    replace(dialog, form);
    showMapping(false);
  }

  async function previewNow(file: HTMLInputElement, paste: HTMLTextAreaElement): Promise<void> {
    const t = ctx.texts().csv;
    const chosen = file.files?.[0];
    const text = chosen ? await chosen.text() : paste.value;
    fileName = chosen?.name ?? '';
    replace(report);
    if (!text.trim()) {
      replace(report, h('p', { class: 'error' }, t.empty));
      return;
    }
    preview = previewMapping(text, kind);
    showMapping(true);
  }

  async function store(state: MappingState, repository: Repository): Promise<{ imported: number; errors: CsvError[]; warnings: CsvError[] }> {
    const mapping = chosenMapping(state);
    if (state.kind === 'leads') {
      const result = importLeads(state.text, { mapping });
      const scores = scoreLeads(result.records, [], DEMO_SCORING);
      const leads: Lead[] = result.records.map((lead, i) => (lead.score === undefined ? { ...lead, score: scores[i]!.score, grade: scores[i]!.grade } : lead));
      await repository.leads.putMany(leads);
      return { imported: leads.length, errors: result.errors, warnings: result.warnings };
    }
    const existing = ctx.pipelines().find((p) => p.id === pipelineId);
    const pipeline = state.createPipeline
      ? pipelineFromFile(state, newId(), ctx.texts().csv.pipelineName(fileName || ctx.texts().csv.pasted), existing?.currency)
      : existing;
    if (!pipeline) return { imported: 0, errors: [], warnings: [] };
    const result = importDeals(state.text, { pipeline, mapping });
    if (state.createPipeline && result.records.length > 0) await repository.pipelines.put(pipeline);
    await repository.deals.putMany(result.records as Deal[]);
    return { imported: result.records.length, errors: result.errors, warnings: result.warnings };
  }

  function lineList(id: string, items: readonly CsvError[], t: Texts['csv']): HTMLElement {
    const list = h('ul', { id });
    for (const e of items) list.append(h('li', {}, `${t.line(e.line)}: ${e.path ? `${e.path}: ` : ''}${e.message}`));
    return list;
  }

  async function importNow(): Promise<void> {
    const t = ctx.texts().csv;
    const repository = ctx.repository();
    const state = preview;
    if (!repository || !state) return;
    replace(report, h('p', {}, t.importing));
    let outcome: Awaited<ReturnType<typeof store>>;
    try {
      outcome = await store(state, repository);
    } catch (error) {
      replace(report, h('p', { class: 'error' }, t.failed(error instanceof Error ? error.message : String(error))));
      return;
    }
    const { imported, errors, warnings } = outcome;
    const rejected = new Set(errors.filter((e) => e.line > 0).map((e) => e.line)).size;
    replace(report,
      h('p', { id: 'import-summary' }, t.report(imported, rejected)),
      errors.length ? lineList('import-errors', errors, t) : null,
      warnings.length ? h('p', { class: 'warning-title' }, t.warnings(warnings.length)) : null,
      warnings.length ? lineList('import-warnings', warnings, t) : null);
    // Imported once: pressing Import again should not add the same rows twice.
    forget();
    const file = dialog.querySelector<HTMLInputElement>('#import-file');
    const paste = dialog.querySelector<HTMLTextAreaElement>('#import-text');
    if (file) file.value = '';
    if (paste) paste.value = '';
  }

  return () => {
    replace(report);
    preview = undefined;
    render();
    if (!dialog.open) dialog.showModal();
  };
}
