/**
 * Registers the elements under the default tags, or, for the vendor brand "acme", under Acme's own
 * tags with `define()`: the same classes, renamed. A tag can never be unregistered, so switching
 * brand reloads the page; every element on the demo pages is created from `tags`, never from markup.
 */
import { BantQualifier, FunnelChart, L2cProvider, LeadCaptureForm, PipelineBoard, SalesProcessMap } from '../src/index.js';

/** The tag of each element in one brand. */
export interface Tags {
  provider: string;
  form: string;
  board: string;
  funnel: string;
  bant: string;
  map: string;
}

export const DEFAULT_TAGS: Tags = {
  provider: 'l2c-provider',
  form: 'lead-capture-form',
  board: 'pipeline-board',
  funnel: 'funnel-chart',
  bant: 'bant-qualifier',
  map: 'sales-process-map',
};

/** Acme ships the suite as its own product, under its own tag names. */
export const ACME_TAGS: Tags = {
  provider: 'acme-provider',
  form: 'acme-lead-form',
  board: 'acme-pipeline-board',
  funnel: 'acme-funnel-chart',
  bant: 'acme-bant-qualifier',
  map: 'acme-process-map',
};

/** Registers the brand's tags (the provider first, so elements inside it find it as they upgrade). */
export function defineBrand(brand: 'default' | 'acme'): Tags {
  const tags = brand === 'acme' ? ACME_TAGS : DEFAULT_TAGS;
  L2cProvider.define(tags.provider);
  LeadCaptureForm.define(tags.form);
  PipelineBoard.define(tags.board);
  FunnelChart.define(tags.funnel);
  BantQualifier.define(tags.bant);
  SalesProcessMap.define(tags.map);
  return tags;
}
