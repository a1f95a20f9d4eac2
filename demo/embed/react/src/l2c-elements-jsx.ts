/**
 * JSX types for the l2c elements in React 19. React 19 sets a prop as a property when the element
 * has that property (`deals`, `pipeline`, `locale`, …) and as an attribute otherwise
 * (`pipeline-id`, `show-table`), and adds a prop named `on` + the exact event name
 * (`ondeal-moved`) as an event listener. These types say which is which, with typed events.
 * Copy this file into a TypeScript React app that uses the elements. (A .ts file rather than a
 * .d.ts, so that tsc checks it even with skipLibCheck.)
 */
import type { HTMLAttributes, RefAttributes } from 'react';
import type {
  BantQualifier, FunnelChart, L2cProvider, LeadCaptureForm, PipelineBoard, SalesProcessMap,
} from 'l2c-elements';

/** `on<event-name>` listener props for the named events, typed from `HTMLElementEventMap`. */
type Listeners<Names extends keyof HTMLElementEventMap> = {
  [N in Names as `on${N}`]?: (event: HTMLElementEventMap[N]) => void;
};

/** A custom element in JSX: its properties, its hyphenated attributes, its events. */
type ElementProps<E extends HTMLElement, Props extends keyof E, Attrs, Events extends keyof HTMLElementEventMap = never> =
  HTMLAttributes<E> & RefAttributes<E> & Partial<Pick<E, Props>> & Attrs & Listeners<Events>;

type Common = 'locale' | 'strings' | 'endpoint';
type Storage = { 'db-name'?: string };

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX types are a namespace: augmenting it is the way to add tags.
  namespace JSX {
    interface IntrinsicElements {
      'l2c-provider': ElementProps<L2cProvider, Common | 'store' | 'currency' | 'pipelines' | 'repository', Storage>;
      'lead-capture-form': ElementProps<LeadCaptureForm, Common | 'fields' | 'required' | 'consent' | 'campaign' | 'redirect' | 'schema' | 'scoring',
        Storage & { 'success-message'?: string; 'phone-region'?: string; 'min-fill-ms'?: number; 'allow-duplicates'?: boolean },
        'lead-submitted' | 'lead-synced' | 'lead-failed' | 'form-step-changed'>;
      'pipeline-board': ElementProps<PipelineBoard, Common | 'pipeline' | 'pipelines' | 'deals' | 'activities' | 'owners' | 'currency' | 'compact' | 'now',
        Storage & { 'pipeline-id'?: string; 'card-fields'?: string },
        'deal-move' | 'deal-moved' | 'deal-opened' | 'pipeline-selected'>;
      'funnel-chart': ElementProps<FunnelChart, Common | 'stages' | 'mode' | 'percent' | 'orientation' | 'strict' | 'planner' | 'target' | 'currency',
        Storage & { 'pipeline-id'?: string; 'show-table'?: boolean; 'average-deal-value'?: number },
        'stage-selected'>;
      'bant-qualifier': ElementProps<BantQualifier, Common | 'name' | 'required' | 'disabled' | 'model' | 'threshold' | 'weights' | 'config',
        Storage & { 'lead-id'?: string; 'pipeline-id'?: string },
        'qualification-changed' | 'qualification-saved' | 'deal-created' | 'lead-nurtured'>;
      'sales-process-map': ElementProps<SalesProcessMap, Common | 'process' | 'pipeline' | 'deals' | 'metrics' | 'view' | 'direction' | 'label' | 'now',
        Storage & { 'pipeline-id'?: string; 'highlight-bottlenecks'?: boolean },
        'node-selected'>;
    }
  }
}
