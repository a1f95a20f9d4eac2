/**
 * The typed shape every locale file fills in completely (STYLE.md habit 7). Messages that depend on
 * numbers or names are functions; plurals are decided there, per language.
 */
import type { DealStatus, LeadStatus } from '../core/model.js';
import type { MoveRefusal } from '../core/stages.js';

/** Values a move-refusal message may name. */
export interface MoveRefusalInfo {
  from?: string;
  to?: string;
  fields?: string[];
}

/** Every message of the suite in one language. */
export interface Translation {
  $code: string;
  $name: string;
  $dir: 'ltr' | 'rtl';

  close: string;
  cancel: string;
  save: string;
  retry: string;
  discard: string;
  loading: string;
  required: string;
  optional: string;
  notAvailable: string;

  leadStatus: Record<LeadStatus, string>;
  dealStatus: Record<DealStatus, string>;
  moveRefused: (reason: MoveRefusal, info: MoveRefusalInfo) => string;

  /** Errors from storage the user must act on. */
  storageBlocked: string;
  storageUnavailable: string;
  storageQuota: string;

  deals: (count: number) => string;
  leads: (count: number) => string;
  days: (count: number) => string;
}

/** A partial set of messages that overrides the built-in ones for one element (`.strings`). */
export type TranslationOverrides = Partial<Translation>;
