/**
 * The mapping step of "Import CSV": every column of the file with a sample value and the field it
 * will go to (a select per column, generic names highlighted as unsure), the export format
 * recognised, and for deals the option to make a pipeline of the file's stage names. Nothing is
 * stored here; the dialog imports with the chosen mapping afterwards. Text from the file is only
 * ever set as text.
 */
import {
  CSV_PRESETS, DEAL_IMPORT_FIELDS, LEAD_IMPORT_FIELDS, mapColumns, parseCsv, pipelineFromStages, stagesFromCsv,
  type ColumnMap, type CsvPresetId, type Pipeline,
} from '../src/core/index.js';
import { h } from './dom.js';
import type { Texts } from './i18n.js';

type CsvTexts = Texts['csv'];
export type ImportKindChoice = 'leads' | 'deals';

/** What the person chose in the mapping step. */
export interface MappingState {
  text: string;
  kind: ImportKindChoice;
  /** The preset chosen; undefined: as detected. */
  preset: CsvPresetId | 'none' | undefined;
  map: ColumnMap;
  /** Header index -> field (null: left out). */
  choices: (string | null)[];
  createPipeline: boolean;
}

/** Reads the file's header and rows and maps its columns. */
export function previewMapping(text: string, kind: ImportKindChoice, preset?: CsvPresetId | 'none'): MappingState {
  const parsed = parseCsv(text);
  const map = mapColumns(parsed.header, kind, { rows: parsed.rows.map((r) => r.cells), preset });
  return { text, kind, preset, map, choices: map.columns.map((c) => c.field), createPipeline: kind === 'deals' && map.columns.some((c) => c.field === 'stageId') };
}

/** The chosen mapping, by header (the first of duplicate headers wins, as in the import). */
export function chosenMapping(state: MappingState): Record<string, string | null> {
  const mapping: Record<string, string | null> = {};
  state.map.columns.forEach((c, i) => {
    if (!Object.hasOwn(mapping, c.header)) Object.defineProperty(mapping, c.header, { value: state.choices[i] ?? null, enumerable: true, writable: true, configurable: true });
  });
  return mapping;
}

/** The pipeline the file's stage names make, with the chosen mapping. */
export function pipelineFromFile(state: MappingState, id: string, name: string, currency?: string): Pipeline {
  return pipelineFromStages(stagesFromCsv(state.text, { mapping: chosenMapping(state) }), { id, name, ...(currency ? { currency } : {}) });
}

function customTarget(kind: ImportKindChoice, header: string): string {
  return kind === 'leads' ? `custom.${header}` : header;
}

function fieldSelect(state: MappingState, index: number, t: CsvTexts, labelledBy: string, describedBy: string | undefined): HTMLSelectElement {
  const column = state.map.columns[index];
  const header = column?.header ?? '';
  const select = h('select', { id: `import-field-${index}`, 'aria-labelledby': labelledBy, ...(describedBy ? { 'aria-describedby': describedBy } : {}) });
  const custom = customTarget(state.kind, header);
  const fields: readonly string[] = state.kind === 'leads' ? LEAD_IMPORT_FIELDS : DEAL_IMPORT_FIELDS;
  const options: [string, string][] = [['', t.leaveOut], [custom, t.keepCustom], ...fields.map((f): [string, string] => [f, f])];
  const chosen = state.choices[index];
  if (chosen && !options.some(([v]) => v === chosen)) options.push([chosen, chosen]);
  for (const [value, label] of options) {
    const option = h('option', { value }, label);
    option.selected = (chosen ?? '') === value;
    select.append(option);
  }
  select.addEventListener('change', () => {
    state.choices[index] = select.value === '' ? null : select.value;
  });
  return select;
}

function presetSelect(state: MappingState, t: CsvTexts, onPreset: (preset: CsvPresetId | 'none') => void): HTMLElement {
  const select = h('select', { id: 'import-preset' });
  const current = state.map.preset ?? 'none';
  for (const [value, label] of [['none', t.presetNone], ...CSV_PRESETS.filter((p) => p.kind === state.kind).map((p) => [p.id, p.label])] as const) {
    const option = h('option', { value }, label);
    option.selected = value === current;
    select.append(option);
  }
  select.addEventListener('change', () => onPreset(select.value as CsvPresetId | 'none'));
  return h('label', { for: 'import-preset' }, t.presetLabel, select);
}

/** The mapping step's section: format, the column table, the pipeline option and a summary. */
export function renderMapping(state: MappingState, t: CsvTexts, onPreset: (preset: CsvPresetId | 'none') => void): HTMLElement {
  const { map } = state;
  const detected = CSV_PRESETS.find((p) => p.id === map.preset);
  const body = h('tbody', {});
  map.columns.forEach((column, i) => {
    const headId = `import-col-${i}`;
    const noteId = column.unsure ? `import-note-${i}` : undefined;
    const note = column.unsure
      ? h('span', { class: 'unsure-note', id: noteId }, column.suggested ? t.unsureSuggested(column.suggested) : t.unsure)
      : null;
    body.append(h('tr', { class: column.unsure ? 'unsure' : '', 'data-header': column.header },
      h('th', { scope: 'row', id: headId }, column.header || t.blankHeader),
      h('td', { class: 'sample' }, column.sample ?? ''),
      h('td', {}, fieldSelect(state, i, t, headId, noteId), note)));
  });
  const custom = map.columns.filter((c) => c.how === 'custom').length;
  const stages = state.kind === 'deals' ? pipelineFromFile(state, 'preview', 'preview').stages : [];
  const pipelineBox = h('input', { type: 'checkbox', id: 'import-new-pipeline' });
  pipelineBox.checked = state.createPipeline;
  pipelineBox.addEventListener('change', () => {
    state.createPipeline = pipelineBox.checked;
  });
  return h('section', { id: 'import-mapping', class: 'import-mapping', 'aria-labelledby': 'import-mapping-title' },
    h('h3', { id: 'import-mapping-title', tabindex: '-1' }, t.mappingTitle),
    h('p', { class: 'muted', id: 'import-preset-found' }, detected ? t.presetDetected(detected.label) : t.presetUnknown),
    presetSelect(state, t, onPreset),
    h('p', { id: 'import-mapping-summary' }, t.mappingSummary(map.columns.length, map.unsure.length, custom)),
    h('div', { class: 'mapping-scroll' },
      h('table', { id: 'import-mapping-table' },
        h('caption', { class: 'muted' }, t.mappingHint),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t.column), h('th', { scope: 'col' }, t.sampleValue), h('th', { scope: 'col' }, t.field))),
        body)),
    stages.length > 0
      ? h('label', { for: 'import-new-pipeline', class: 'check' }, pipelineBox, ` ${t.newPipeline(stages.length, stages.map((s) => s.label).join(' › '))}`)
      : null,
  );
}
