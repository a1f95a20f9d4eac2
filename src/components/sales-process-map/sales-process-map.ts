/**
 * `<sales-process-map>`: the sales process as a flowchart or a service blueprint, drawn from a
 * process or derived from a pipeline, with live numbers and the bottleneck (DESIGN.md section 3).
 *
 * This module is the element's small always-loaded half: its properties, reading the repository
 * and loading the rest. Laying out, drawing, zooming and the keyboard live in
 * `process-map-view.ts`, which is loaded with a dynamic `import()` (with @dagrejs/dagre) the first
 * time a map has something to draw, so a page without a map never downloads them; its messages
 * (strings.ts) come with it, and the blueprint's layout and lane texts (blueprint-content.ts) only
 * for `view="blueprint"`.
 */
import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Deal, Pipeline } from '../../core/model.js';
import type { NodeMetrics, Process } from '../../core/process.js';
import { L2cElement } from '../../internal/base-element.js';
import { booleanAttribute } from '../../internal/boolean-attribute.js';
import type { Strings } from '../../internal/localize.js';
import { StoreController } from '../../internal/store-controller.js';
import type { Repository } from '../../storage/types.js';
import './events.js';
import type * as BlueprintModule from './blueprint-content.js';
import type * as ViewModule from './process-map-view.js';
import type { MapHost, ProcessMapView as View } from './process-map-view.js';
import { salesProcessMapStyles } from './sales-process-map.styles.js';
import { mapStatusStrings } from './status-strings.js';

/** The two drawings: a flowchart, or a service blueprint in five lanes. */
export const PROCESS_MAP_VIEWS = ['flow', 'blueprint'] as const;
export type ProcessMapView = (typeof PROCESS_MAP_VIEWS)[number];

/** Flowchart directions: left to right, top to bottom, or `auto` (left to right when that fits the width at full size, else top to bottom). */
export const PROCESS_MAP_DIRECTIONS = ['LR', 'TB', 'auto'] as const;
export type ProcessMapDirection = (typeof PROCESS_MAP_DIRECTIONS)[number];

/** What the element reads from the repository. */
export interface ProcessMapData {
  /** What was asked for (pipeline id, and which parts): data read for another input is never shown. */
  request: string;
  pipeline: Pipeline | undefined;
  deals: Deal[] | undefined;
}

// The drawing code, with the messages it shows (strings.ts) in the same chunk.
type ViewParts = typeof ViewModule;

let viewModule: ViewParts | undefined;
let viewLoad: Promise<ViewParts> | undefined;
let blueprintModule: typeof BlueprintModule | undefined;
let blueprintLoad: Promise<typeof BlueprintModule> | undefined;

// One download for every map on the page; a failed download may be tried again later.
function loadView(): Promise<ViewParts> {
  viewLoad ??= import('./process-map-view.js').then(
    (m) => (viewModule = m),
    (error: unknown) => {
      viewLoad = undefined;
      throw error;
    },
  );
  return viewLoad;
}

function loadBlueprint(): Promise<typeof BlueprintModule> {
  blueprintLoad ??= import('./blueprint-content.js').then((m) => (blueprintModule = m), (error: unknown) => {
    blueprintLoad = undefined;
    throw error;
  });
  return blueprintLoad;
}

/**
 * The sales process as a flowchart (`view="flow"`, laid out by dagre) or a service blueprint
 * (`view="blueprint"`: physical evidence, customer actions, front-stage, back-stage and support
 * lanes with the lines of interaction, visibility and internal interaction). Draws `.process`, or
 * the process of `.pipeline` / `pipeline-id`: start, each open stage, a "won?" decision and the
 * won and lost ends, with dashed back-edges where the policy allows going back or deals went back,
 * and deals lost before the last stage leaving from the stage they were lost in.
 * Numbers per node (deals, conversion to the next node, average days) come from `.metrics` or
 * from the pipeline's deals; `highlight-bottlenecks` marks the step with the lowest conversion,
 * the close included (the share of the deals that come to it that are won), or, when none is known,
 * the longest average stay, and says which measure picked it. Text is at least 12px at zoom 1.
 *
 * Nodes without a lane go to front-stage, except decisions, which go to back-stage. Zoom with the
 * toolbar, the + and - keys (0 fits the map) or Ctrl/⌘ + wheel (a plain wheel scrolls the page);
 * drag to pan. Arrow keys follow the edges, Enter or Space selects.
 *
 * @tag sales-process-map
 * @fires node-selected - The user chose a node (Enter, Space or click); detail `{ nodeId }`.
 * @csspart base - Wrapper of everything.
 * @csspart toolbar - The zoom buttons.
 * @csspart button - Each toolbar button (also `zoom-in`, `zoom-out`, `zoom-reset`).
 * @csspart messages - Problems found in the input.
 * @csspart viewport - The box the drawing is panned and zoomed in.
 * @csspart svg - The SVG element.
 * @csspart canvas - The group that zooming and panning transform.
 * @csspart lane - A blueprint lane band.
 * @csspart lane-label - The name of a lane.
 * @csspart lane-line - A blueprint line (interaction, visibility, internal interaction).
 * @csspart line-label - The name of a line.
 * @csspart edge - An arrow (also `back-edge`, `lane-edge`).
 * @csspart edge-label - The label of an arrow.
 * @csspart node - A node (also `node-start`, `node-stage`, `node-decision`, `node-end`, `bottleneck`).
 * @csspart metrics - The numbers drawn on a node.
 * @csspart bottleneck - The sentence naming the bottleneck (and the marked node).
 * @csspart legend - What the numbers mean.
 * @csspart status - Loading, empty and error states.
 * @cssprop --l2c-sales-process-map-height - Height of the viewport (default: the drawing's, from 160 to 640px; up to 1600px for a flowchart drawn top to bottom).
 * @cssprop --l2c-sales-process-map-node-fill - Fill of nodes (default: surface).
 * @cssprop --l2c-sales-process-map-node-stroke - Outline of stage nodes (default: text-muted).
 * @cssprop --l2c-sales-process-map-edge - Colour of arrows (default: text-muted).
 * @cssprop --l2c-sales-process-map-back-edge - Colour of back-edges (default: color-primary).
 * @cssprop --l2c-sales-process-map-lane-fill - Fill of the shaded blueprint lanes (default: surface-alt).
 * @cssprop --l2c-sales-process-map-bottleneck - Colour marking the bottleneck (default: color-warning).
 * @cssstate loading - The deals are being read from the repository.
 * @cssstate invalid - The process given has problems (listed under the drawing).
 * @cssstate bottleneck - A bottleneck is marked (`highlight-bottlenecks` found one).
 */
export class SalesProcessMap extends L2cElement {
  static override defaultTag = 'sales-process-map';

  static override styles = [L2cElement.styles, salesProcessMapStyles];

  static override messages = [mapStatusStrings];

  /** The process to draw: `{ nodes: [{ id, label, kind, lane? }], edges: [{ from, to, label? }] }`; wins over the pipeline. */
  @property({ attribute: false }) accessor process: Process | undefined;

  /** A pipeline whose process is drawn (and whose deals give the numbers). */
  @property({ attribute: false }) accessor pipeline: Pipeline | undefined;

  /** Id of a pipeline to read from the provider or the repository, with its deals. */
  @property({ attribute: 'pipeline-id' }) accessor pipelineId: string | undefined;

  /** Deals to compute the numbers from instead of reading the repository's. */
  @property({ attribute: false }) accessor deals: Deal[] | undefined;

  /** Numbers per node id (`{ count, conversion, avgDays }`), instead of computing them from deals. */
  @property({ attribute: false }) accessor metrics: Record<string, NodeMetrics> | undefined;

  /** `flow` (flowchart, default) or `blueprint` (service blueprint). */
  @property({ reflect: true }) accessor view: ProcessMapView = 'flow';

  /**
   * Flowchart direction: `auto` (default: left to right when that fits the width with its text at
   * full size, at least 12px, else top to bottom), `LR` (left to right, scaled down to fit) or `TB`
   * (top to bottom). The blueprint always runs left to right.
   */
  @property({ reflect: true }) accessor direction: ProcessMapDirection = 'auto';

  /** Marks the bottleneck node and says why. */
  @property({ type: Boolean, converter: booleanAttribute, reflect: true, attribute: 'highlight-bottlenecks' }) accessor highlightBottlenecks = false;

  /** The time average days are measured up to for deals still in a stage (default: now). */
  @property({ attribute: false }) accessor now: number | string | undefined;

  /** Accessible name of the drawing (default: the kind of drawing and the pipeline's name). */
  @property() accessor label: string | undefined;

  @state() private accessor loadFailed = false;

  readonly #store = new StoreController<ProcessMapData>(this, {
    collections: ['deals', 'pipelines'],
    load: (repo) => (this.#reading = this.#load(repo)),
  });

  // The newest read of the repository, and the request whose read failed last (if it is still the
  // newest), so that `layoutComplete` can wait for the data of the current input.
  #reading: Promise<ProcessMapData> | undefined;
  #reads = 0;
  #failed: string | undefined;

  #drawing: View | undefined;
  #attaching: Promise<void> | undefined;
  #internals: ElementInternals | undefined;

  constructor() {
    super();
    try {
      this.#internals = this.attachInternals();
    } catch {
      this.#internals = undefined;
    }
  }

  /**
   * The repository, only when something must be read from it: the pipeline of `pipeline-id`, or
   * deals for the numbers when neither `.deals` nor `.metrics` is given. A map drawn from
   * `.process` alone opens no database.
   */
  override get repository(): Repository | undefined {
    return this.#request() ? super.repository : undefined;
  }

  // What the current input needs from the repository ('' when nothing): the pipeline of
  // `pipeline-id` unless `.pipeline` is given, and its deals unless `.deals` or `.metrics` are.
  #request(): string {
    const id = this.pipeline?.id ?? this.pipelineId;
    const pipeline = !!this.pipelineId && !this.pipeline;
    const deals = !!id && !this.deals && !this.metrics;
    return pipeline || deals ? JSON.stringify([id, pipeline, deals]) : '';
  }

  // What the repository gave for the current input: never the data of an earlier one (another
  // pipeline), which stays in the store until the new read is done.
  #stored(): ProcessMapData | undefined {
    const value = this.#store.value;
    const request = this.#request();
    return request && value?.request === request ? value : undefined;
  }

  // True while the current input's data is being read (not when that read failed).
  #loadingData(): boolean {
    const request = this.#request();
    return !!request && this.isConnected && !this.#stored() && this.#failed !== request;
  }

  /**
   * Resolves when the map of the current input is laid out and drawn (true), or there is none to
   * draw (false). With `pipeline-id`, it waits for the pipeline and its deals to be read first.
   */
  get layoutComplete(): Promise<boolean> {
    return (async () => {
      for (let i = 0; i < 10; i++) {
        await this.updateComplete;
        if (this.#wantsDrawing() && !this.#drawing && !this.loadFailed) {
          await (this.#attaching ?? loadView()).catch(() => undefined);
          continue;
        }
        if (this.#loadingData() && this.#reading) {
          // The store applies the data (and asks for an update) before this continues.
          await this.#reading.catch(() => undefined);
          continue;
        }
        if (this.view === 'blueprint' && !blueprintModule && blueprintLoad) {
          await blueprintLoad.catch(() => undefined);
          continue;
        }
        if (!this.isUpdatePending) break;
      }
      return this.#drawing?.drawn ?? false;
    })();
  }

  /** Zooms in one step around the centre of the view. */
  zoomIn(): void {
    this.#drawing?.zoomBy(1.25);
  }

  /** Zooms out one step around the centre of the view. */
  zoomOut(): void {
    this.#drawing?.zoomBy(0.8);
  }

  /** Fits the whole map into the view again. */
  resetZoom(): void {
    this.#drawing?.resetZoom();
  }

  /**
   * Moves keyboard focus to the node with `id` (and pans it into view), once the map of the
   * current input is laid out (see `layoutComplete`).
   */
  async focusNode(id: string): Promise<void> {
    await this.layoutComplete;
    await this.#drawing?.focusNode(id);
  }

  /**
   * The drawing as a standalone SVG document: xmlns, viewBox, title and description, colours and
   * fonts resolved from the current tokens as presentation attributes, no scripts, text escaped.
   * Before the first layout it is an empty SVG with a title.
   */
  toSVG(): string {
    return this.#drawing?.toSVG() ?? '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 0"><title></title></svg>';
  }

  async #load(repo: Repository): Promise<ProcessMapData> {
    const request = this.#request();
    const read = ++this.#reads;
    this.#failed = undefined;
    try {
      const id = this.pipeline?.id ?? this.pipelineId;
      const provided = this.provided?.pipelines?.find((p) => p?.id === id);
      const pipeline = this.pipeline ?? provided ?? (id ? await repo.pipelines.get(id) : undefined);
      const deals = !this.deals && !this.metrics && id ? await repo.deals.list({ where: { pipelineId: id } }) : undefined;
      return { request, pipeline, deals };
    } catch (error) {
      // Only the newest read counts, as in the store.
      if (read === this.#reads) this.#failed = request;
      throw error;
    }
  }

  #wantsDrawing(): boolean {
    return this.process !== undefined || this.pipeline !== undefined || !!this.pipelineId;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.hasUpdated && (changed.has('pipelineId') || changed.has('pipeline') || changed.has('deals') || changed.has('metrics'))) {
      void this.#store.refresh();
    }
    const blueprint = this.view === 'blueprint';
    // Another view may load what failed for this one (a failed download may be tried again).
    if (changed.has('view') && this.hasUpdated) this.loadFailed = false;
    if (!this.#drawing && this.#wantsDrawing() && !this.loadFailed) {
      // A blueprint needs its own layout code as well.
      if (viewModule && (!blueprint || blueprintModule)) this.#attachView(viewModule);
      else {
        // A failed blueprint download fails the blueprint only, should the view be flow by then.
        this.#attaching ??= Promise.all([loadView(), blueprint ? loadBlueprint().then(() => true, () => false) : true])
          .then(([m, ok]) => {
            this.#attachView(m);
            if (!ok) this.#blueprintFailed();
          }, () => { this.loadFailed = true; })
          .finally(() => { this.#attaching = undefined; });
      }
    } else if (blueprint && !blueprintModule && !this.loadFailed) {
      loadBlueprint().then(() => this.requestUpdate(), () => this.#blueprintFailed());
    }
  }

  #blueprintFailed(): void {
    if (this.view === 'blueprint') this.loadFailed = true;
    else this.requestUpdate();
  }

  // The drawing's messages, and the lane texts of a blueprint, once their code is here.
  protected override messageSections(): readonly Strings<object>[] {
    const sections = [...super.messageSections()];
    if (viewModule && this.#wantsDrawing()) sections.push(viewModule.salesProcessMapStrings);
    if (blueprintModule && this.view === 'blueprint') sections.push(blueprintModule.blueprintStrings);
    return sections;
  }

  #attachView(m: ViewParts): void {
    if (this.#drawing) return;
    // What the drawing needs of the element, including its protected helpers.
    const host: MapHost = {
      element: this,
      stored: () => this.#stored(),
      loadingData: () => this.#loadingData(),
      strings: () => this.localize.section(m.salesProcessMapStrings),
      section: (s) => this.localize.section(s),
      lang: () => this.localize.lang(),
      loading: () => this.localize.term('loading'),
      select: (nodeId) => this.emit('node-selected', { nodeId }),
      states: this.#internals?.states,
      blueprint: () => blueprintModule,
    };
    this.#drawing = new m.ProcessMapView(host);
    this.requestUpdate();
  }

  override render() {
    if (this.#drawing && !this.loadFailed) return this.#drawing.render();
    const t = this.localize.section(mapStatusStrings);
    const text = this.loadFailed ? t.loadFailed : this.#wantsDrawing() ? this.localize.term('loading') : t.empty;
    return html`<div part="base" class="base"><p part="status" class=${this.loadFailed ? 'error' : 'muted'}>${text}</p></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sales-process-map': SalesProcessMap;
  }
}
