/**
 * Script-tag bundle of the tracker (`l2c-elements/track`), zero-config from its own tag:
 * `<script type="module" src=".../l2c-track.js" data-endpoint="https://crm.example.com/api" data-api-key="pk_…"></script>`
 * (`data-db-name` as on the form). It follows the visitor a `<lead-capture-form>` with the same
 * endpoint remembers after a submission with consent; `stopTracking` is the visitor's opt-out.
 */
import { startTracking, stopTracking } from '../track.js';

const tag = [...document.querySelectorAll<HTMLScriptElement>('script[src]')].find((s) => s.src === import.meta.url);
const data = tag?.dataset ?? {};
startTracking({ endpoint: data.endpoint, apiKey: data.apiKey, dbName: data.dbName });

export { startTracking, stopTracking };
