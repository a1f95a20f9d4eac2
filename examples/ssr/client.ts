/**
 * The client script of the server-rendered page: Lit's hydrate support first (it must be loaded
 * before any element class), then the elements. Each element then takes over the shadow root the
 * server wrote instead of drawing it again.
 */
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import 'l2c-elements/define.js';
