/**
 * A marketing page rendered on the server with @lit-labs/ssr: the page's own HTML around a
 * `<lead-capture-form>` that arrives already drawn (declarative shadow DOM), so the form is on
 * screen at first paint and usable as soon as the client script has hydrated it. Used by server.ts
 * (any Node server) and by the end-to-end test test/e2e/ssr.test.ts. Node needs no DOM shim: the
 * elements render from their attributes and properties alone.
 */
import { render } from '@lit-labs/ssr';
import { RenderResultReadable } from '@lit-labs/ssr/lib/render-result-readable.js';
import { collectResult, type RenderResult } from '@lit-labs/ssr/lib/render-result.js';
import { html, nothing } from 'lit';
import 'l2c-elements/define.js';

export interface PageOptions {
  /** The client script's URL (it must load @lit-labs/ssr-client's hydrate support before the elements). */
  script: string;
  /** The form's `endpoint` (REST); IndexedDB in the visitor's browser when absent. */
  endpoint?: string;
  lang?: string;
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

// The document around the elements is plain text; only the Lit templates go through render().
function* page({ script, endpoint, lang = 'en' }: PageOptions): Generator<string | Promise<RenderResult>, void, undefined> {
  yield `<!doctype html>
<html lang="${escape(lang)}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Acme Analytics: book a demo</title>
    <style>
      body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #111827; }
      main { max-width: 960px; margin: 0 auto; padding: 32px 24px; display: grid; gap: 32px; grid-template-columns: 1fr minmax(300px, 420px); }
      @media (max-width: 720px) { main { grid-template-columns: 1fr; } }
      h1 { font-size: 2rem; margin: 0 0 12px; }
    </style>
    <script type="module" src="${escape(script)}"></script>
  </head>
  <body>
    <main>
      <section>
        <h1>See your pipeline in one place</h1>
        <p>Acme Analytics turns leads, deals and campaigns into one picture. Book a 30-minute demo.</p>
      </section>
      `;
  yield* render(html`<lead-capture-form endpoint=${endpoint ?? nothing} campaign="spring-launch"
        consent="I agree that Acme may contact me about this request."
        success-message="Thank you: we will be in touch within a day."></lead-capture-form>`);
  yield `
    </main>
  </body>
</html>
`;
}

/** The whole page as one string. */
export function renderPage(options: PageOptions): Promise<string> {
  return collectResult(page(options));
}

/** The page as a stream, for a server that sends it as it renders. */
export function streamPage(options: PageOptions): RenderResultReadable {
  return new RenderResultReadable(page(options));
}
