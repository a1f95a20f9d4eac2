/** Events of `<funnel-chart>`. */

/** Detail of `stage-selected`: the stage the user clicked or chose with Enter/Space. */
export interface StageSelectedDetail {
  stageId: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'stage-selected': CustomEvent<StageSelectedDetail>;
  }
}
