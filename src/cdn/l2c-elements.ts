/** Script-tag bundle of the whole suite: `<script type="module" src=".../l2c-elements.js">` defines every element. */
import '../define.js';

export * from '../index.js';
