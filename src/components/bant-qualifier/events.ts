/** Events `<bant-qualifier>` dispatches, typed for `addEventListener`. */
import type { BantCriterion, BantOutcome } from '../../core/bant.js';
import type { Lead } from '../../core/model.js';

/** One criterion's answer as the qualifier keeps it: a level id and a note, either may be absent. */
export interface BantQualifierAnswer {
  level?: string;
  note?: string;
}

/** Answers by criterion; a criterion without a `level` is unanswered. */
export type BantQualifierAnswers = Partial<Record<BantCriterion, BantQualifierAnswer>>;

/** `qualification-changed`: the person chose a level, so the result may have changed. */
export interface QualificationChangedDetail {
  /** The answers after the change. */
  answers: BantQualifierAnswers;
  /** Each criterion's score 0..1, null when unanswered. */
  scores: Record<BantCriterion, number | null>;
  /** Weighted total 0..1. */
  total: number;
  outcome: BantOutcome;
  /** Criteria unanswered or not met. */
  missing: BantCriterion[];
}

/** `qualification-saved`: the result and the status were written to the lead. */
export interface QualificationSavedDetail {
  lead: Lead;
}

/** `deal-created`: an SQL lead was converted into a deal (`lead` is then the converted lead). */
export type { DealCreatedDetail } from '../../internal/deal-events.js';

/** `lead-nurtured`: the lead went to the nurture pool. */
export interface LeadNurturedDetail {
  /** The lead after the move (status `nurturing`). */
  lead: Lead;
  reason: string;
  /** When to look at the lead again (ISO). */
  reentryAt: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'qualification-changed': CustomEvent<QualificationChangedDetail>;
    'qualification-saved': CustomEvent<QualificationSavedDetail>;
    'lead-nurtured': CustomEvent<LeadNurturedDetail>;
  }
}
