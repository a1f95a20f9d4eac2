/**
 * The demo company's ideal customer profile as a core scoring model: the marketing form scores the
 * leads it captures with it, and the generated leads are scored with it when the demo is seeded.
 */
import type { ScoringModel } from '../src/core/index.js';

export const DEMO_SCORING: ScoringModel = {
  fit: [
    { id: 'industry', label: 'Target industry', when: [{ field: 'industry', op: 'in', value: ['SaaS', 'Finance', 'Healthcare'] }], points: 30 },
    { id: 'size', label: 'Mid-market or larger', when: [{ field: 'companySize', op: 'gte', value: 50 }], points: 25 },
    { id: 'region', label: 'Served region', when: [{ field: 'region', op: 'in', value: ['NA', 'EMEA'] }], points: 15 },
    { id: 'company', label: 'Company given', when: [{ field: 'company', op: 'exists' }], points: 10 },
  ],
  engagement: [],
  mqlThreshold: 50,
};
