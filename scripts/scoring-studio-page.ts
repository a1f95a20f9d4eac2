/**
 * The page scripts/scoring-studio-screenshot.ts shows: `<scoring-studio>` on generated leads with a
 * planted signal (test/core/learn-fixture.ts) and hand-written rules applied, then, once the learned
 * model is applied, `<lead-inbox view="pool">` listing the same leads with their probability.
 */
import '../src/define-insights.js';
import type { L2cProvider } from '../src/components/l2c-provider/l2c-provider.js';
import type { ScoringStudio } from '../src/components/scoring-studio/scoring-studio.js';
import type { Settings } from '../src/core/model.js';
import { MemoryRepository } from '../src/storage/memory.js';
import { NOW, plantedHistory } from '../test/core/learn-fixture.js';

const RULES = { fit: [{ id: 'saas', when: [{ field: 'industry', op: 'eq', value: 'SaaS' }], points: 30 }], engagement: [], mqlThreshold: 20 };

/** Shows the studio (in `locale`) and trains; with `inbox`, applies the model and shows the pool instead. */
async function show(locale: string, inbox: boolean): Promise<string> {
  const repo = new MemoryRepository();
  const { leads, deals } = plantedHistory(1500, 3, 0.15);
  await repo.leads.putMany(leads);
  await repo.deals.putMany(deals);
  await repo.settings.put({ id: 'scoring', model: RULES, appliedAt: NOW } as Settings);
  document.documentElement.lang = locale;
  const provider = document.createElement('l2c-provider') as L2cProvider;
  provider.repository = repo;
  provider.setAttribute('user-id', 'ops');
  const studio = document.createElement('scoring-studio') as ScoringStudio;
  studio.now = NOW;
  provider.append(studio);
  document.body.append(provider);
  await new Promise((r) => setTimeout(r, 300));
  await studio.train();
  if (!inbox) return `trained, AUC ${studio.model?.metrics.auc.toFixed(3)}`;
  const learned = studio.model!;
  await repo.settings.put({ id: 'scoring', model: learned.toScoringModel(), learned: learned.toJSON(), appliedAt: NOW } as Settings);
  studio.remove();
  const list = document.createElement('lead-inbox');
  list.setAttribute('view', 'pool');
  list.setAttribute('page-size', '6');
  provider.append(list);
  await new Promise((r) => setTimeout(r, 800));
  list.shadowRoot?.querySelector<HTMLDetailsElement>('[part="why"]')?.setAttribute('open', '');
  await new Promise((r) => setTimeout(r, 100));
  return `pool with ${list.shadowRoot?.querySelectorAll('[part="probability"]').length ?? 0} probabilities`;
}

(window as unknown as { show: typeof show }).show = show;
