import { css } from 'lit';

/** Styles of `<sales-process-map>`; component tokens are read through private `--_*` variables. */
export const salesProcessMapStyles = css`
  :host {
    --_node-fill: var(--l2c-sales-process-map-node-fill, var(--_l2c-surface));
    --_node-stroke: var(--l2c-sales-process-map-node-stroke, var(--_l2c-text-muted));
    --_edge: var(--l2c-sales-process-map-edge, var(--_l2c-text-muted));
    --_back-edge: var(--l2c-sales-process-map-back-edge, var(--_l2c-color-primary));
    --_lane-fill: var(--l2c-sales-process-map-lane-fill, var(--_l2c-surface-alt));
    --_bottleneck: var(--l2c-sales-process-map-bottleneck, var(--_l2c-color-warning));
    --_start: var(--_l2c-color-primary);
    --_won: var(--_l2c-color-success);
    --_lost: var(--_l2c-color-danger);
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_l2c-space-2);
  }
  [part~='toolbar'] {
    display: flex;
    align-items: center;
    gap: var(--_l2c-space-1);
  }
  [part~='toolbar'] .btn {
    min-width: 36px;
    padding-inline: var(--_l2c-space-3);
  }
  [part~='viewport'] {
    position: relative;
    /* --_natural-height is set on this element: the drawing's height at the scale that fits. */
    height: var(--l2c-sales-process-map-height, var(--_natural-height, 420px));
    overflow: clip;
    border: 1px solid var(--_l2c-border);
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
    cursor: grab;
    /* Horizontal drags pan the map; vertical swipes still scroll the page on touch screens. */
    touch-action: pan-y pinch-zoom;
    user-select: none;
    -webkit-user-select: none;
  }
  [part~='viewport'].panning {
    cursor: grabbing;
  }
  svg {
    display: block;
    width: 100%;
    height: 100%;
    font-family: var(--_l2c-font-family);
  }
  .lane-bg {
    fill: var(--_lane-fill);
  }
  .lane.frontstage .lane-bg,
  .lane.support .lane-bg {
    fill: var(--_l2c-surface);
  }
  .lane-label {
    fill: var(--_l2c-text);
    font-size: 12px;
    font-weight: 600;
  }
  .line line {
    stroke: var(--_l2c-text-muted);
    stroke-width: 1;
  }
  .line.visibility line {
    stroke-width: 1.5;
    stroke-dasharray: 8 4;
  }
  .line.internal line {
    stroke-dasharray: 2 3;
  }
  .line-label {
    fill: var(--_l2c-text-muted);
    font-size: 12px;
    font-style: italic;
  }
  .edge path {
    fill: none;
    stroke: var(--_edge);
    stroke-width: 1.5;
  }
  .edge .arrow {
    fill: var(--_edge);
  }
  .edge.back path {
    stroke: var(--_back-edge);
    stroke-dasharray: 6 4;
  }
  .edge.back .arrow {
    fill: var(--_back-edge);
  }
  .edge.lane-link path {
    stroke-dasharray: 2 3;
  }
  .edge-label-bg {
    fill: var(--_l2c-surface);
  }
  .edge-label {
    fill: var(--_edge);
    font-size: 12px;
    text-anchor: middle;
  }
  .edge.back .edge-label {
    fill: var(--_back-edge);
  }
  .node {
    cursor: pointer;
    outline: none;
  }
  .node .shape {
    fill: var(--_node-fill);
    stroke: var(--_node-stroke);
    stroke-width: 1.5;
    vector-effect: non-scaling-stroke;
  }
  .node.start .shape {
    stroke: var(--_start);
  }
  .node.end .shape {
    stroke-width: 2.5;
  }
  .node.won .shape {
    stroke: var(--_won);
  }
  .node.lost .shape {
    stroke: var(--_lost);
  }
  .node.bottleneck .shape {
    stroke: var(--_bottleneck);
    stroke-width: 3;
  }
  .node .focus-ring {
    fill: none;
    stroke: transparent;
    stroke-width: 3;
    vector-effect: non-scaling-stroke;
  }
  .node:focus-visible .focus-ring {
    stroke: var(--_l2c-color-primary);
  }
  .node:hover .shape {
    fill: var(--_l2c-surface-alt);
  }
  .node text {
    text-anchor: middle;
    pointer-events: none;
  }
  .label {
    fill: var(--_l2c-text);
    font-size: 13px;
    font-weight: 600;
  }
  .meta {
    fill: var(--_l2c-text-muted);
    text-anchor: middle;
    pointer-events: none;
    font-size: 12px;
    font-variant-numeric: tabular-nums;
  }
  .badge circle {
    fill: var(--_bottleneck);
  }
  .badge text {
    fill: var(--_l2c-surface);
    font-size: 13px;
    font-weight: 700;
  }
  [part~='messages'] {
    margin: 0;
    padding-inline-start: var(--_l2c-space-5);
  }
  [part~='bottleneck'],
  [part~='legend'],
  [part~='status'] {
    margin: 0;
  }
  [part~='bottleneck'] {
    font-weight: 600;
  }
  [part~='bottleneck']::before {
    content: '';
    display: inline-block;
    width: 0.7em;
    height: 0.7em;
    margin-inline-end: var(--_l2c-space-2);
    border-radius: 50%;
    background: var(--_bottleneck);
  }
  [part~='legend'] {
    font-size: 0.87em;
  }
  @media print {
    :host {
      --_l2c-text: #000;
      --_l2c-text-muted: #000;
      --_l2c-surface: #fff;
      --_l2c-surface-alt: #fff;
      --_l2c-border: #000;
      --_l2c-color-primary: #000;
      --_l2c-color-success: #000;
      --_l2c-color-danger: #000;
      --_l2c-color-warning: #000;
      --_lane-fill: #fff;
      color: #000;
      background: #fff;
    }
    [part~='toolbar'] {
      display: none;
    }
    [part~='viewport'] {
      height: auto;
      border: none;
      overflow: visible;
      break-inside: avoid;
    }
    svg {
      height: auto;
      max-height: 95vh;
    }
    .canvas {
      transform: none;
    }
    .focus-ring {
      display: none;
    }
  }
`;
