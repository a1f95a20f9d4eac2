/** Events of `<sales-process-map>`. */

/** Detail of `node-selected`: the id of the node the user chose (Enter, Space or a click). */
export interface NodeSelectedDetail {
  nodeId: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'node-selected': CustomEvent<NodeSelectedDetail>;
  }
}
