/**
 * What the board, the funnel and the BANT qualifier share beyond the basics: panels, quiet buttons,
 * success and warning text. A module of its own, so the lead form's bundle, which uses none of
 * it, does not carry it.
 */
import { css } from 'lit';

export const panelStyles = css`
  .surface {
    background: var(--_l2c-surface);
    border: 1px solid var(--_l2c-border);
    border-radius: var(--_l2c-radius);
    box-shadow: var(--_l2c-shadow);
    padding: var(--_l2c-space-4);
  }
  .btn.quiet {
    border-color: transparent;
    background: transparent;
  }
  .success {
    color: var(--_l2c-color-success);
  }
  .warning {
    color: var(--_l2c-color-warning);
  }
  .pad-6 {
    padding: var(--_l2c-space-6);
  }
`;
