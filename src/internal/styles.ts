/** Styles every element shares: host basics, focus, buttons, inputs, visually hidden text. */
import { css } from 'lit';
import { tokenStyles } from './base-tokens.js';

/** Host reset and typography; also neutralises hostile page styles that inherit (text-align, etc.). */
export const hostStyles = css`
  /* Page rules that match the host (even \`* { font: inherit }\`) beat :host rules unless those are
     !important; these are !important so a host page's typography never leaks in. Theme through the
     --l2c-* tokens instead. */
  :host {
    display: block;
    box-sizing: border-box;
    color: var(--_l2c-text) !important;
    font-family: var(--_l2c-font-family) !important;
    font-size: var(--_l2c-font-size) !important;
    line-height: var(--_l2c-line-height) !important;
    font-style: normal !important;
    font-weight: 400 !important;
    font-variant: normal !important;
    font-stretch: normal !important;
    font-feature-settings: normal !important;
    font-variation-settings: normal !important;
    font-kerning: auto !important;
    font-size-adjust: none !important;
    letter-spacing: normal !important;
    word-spacing: normal !important;
    text-align: start !important;
    text-indent: 0 !important;
    text-transform: none !important;
    text-shadow: none !important;
    white-space: normal !important;
    border-collapse: separate !important;
    border-spacing: 0 !important;
    caption-side: top !important;
    list-style: disc outside none !important;
    cursor: auto !important;
    -webkit-text-size-adjust: 100%;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: var(--_l2c-focus-ring);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      transition-duration: 0.01ms !important;
      scroll-behavior: auto !important;
    }
  }
`;

/** Buttons in three weights: primary, default and quiet. */
export const buttonStyles = css`
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--_l2c-space-2);
    min-height: 36px;
    padding: var(--_l2c-space-2) var(--_l2c-space-4);
    border: 1px solid var(--_l2c-border);
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
    color: var(--_l2c-text);
    font: inherit;
    cursor: pointer;
  }
  .btn:hover {
    background: var(--_l2c-surface-alt);
  }
  .btn[disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .btn.primary {
    background: var(--_l2c-color-primary);
    border-color: var(--_l2c-color-primary);
    color: var(--_l2c-color-on-primary);
  }
`;

/** Text inputs, selects and text areas. */
export const fieldStyles = css`
  input:not([type='checkbox']):not([type='radio']),
  select,
  textarea {
    width: 100%;
    min-height: 38px;
    padding: var(--_l2c-space-2) var(--_l2c-space-3);
    border: 1px solid var(--_l2c-border);
    border-radius: var(--_l2c-radius);
    background: var(--_l2c-surface);
    color: var(--_l2c-text);
    font: inherit;
  }
  input[aria-invalid='true']:not([type='checkbox']):not([type='radio']),
  select[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--_l2c-color-danger);
  }
  .error {
    color: var(--_l2c-color-danger);
  }
  .muted {
    color: var(--_l2c-text-muted);
  }
`;

/** The stylesheets in the order every element includes them, before its own. */
export const sharedStyles = [tokenStyles, hostStyles, buttonStyles, fieldStyles];
