/** What `<l2c-provider>` gives the elements inside it, through @lit/context. */
import { createContext } from '@lit/context';
import type { Pipeline } from '../core/model.js';
import type { Repository } from '../storage/types.js';

/** The shared setting of a group of elements. */
export interface L2cContextValue {
  repository: Repository;
  /** Pipelines set on the provider; when absent, elements read them from the repository. */
  pipelines?: Pipeline[] | undefined;
  locale?: string | undefined;
  currency?: string | undefined;
}

/** The context key. */
export const l2cContext = createContext<L2cContextValue | undefined>(Symbol.for('l2c-elements/context'));
