/**
 * A chart drawn as SVG in a figure with its caption (the campaign report's bars, the scoring
 * studio's lift chart): the caption bold with its summary quiet, the drawing as wide as the element
 * up to `--_figure-max` (default 720px).
 */
import { css } from 'lit';

export const figureStyles = css`
  figure.chart {
    margin: 0;
  }
  figcaption {
    margin-block-end: var(--_l2c-space-2);
    font-weight: 600;
  }
  figcaption .muted {
    font-weight: 400;
  }
  figure.chart svg {
    inline-size: 100%;
    max-inline-size: var(--_figure-max, 720px);
    block-size: auto;
  }
`;
