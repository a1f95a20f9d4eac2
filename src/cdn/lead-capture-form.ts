/**
 * Script-tag bundle of the lead form alone, the smallest embed:
 * `<script type="module" src=".../lead-capture-form.js"></script>` defines `<lead-capture-form>`.
 * The phone rules and the scoring code are separate chunks, loaded only when a form needs them.
 */
import { LeadCaptureForm } from '../components/lead-capture-form/lead-capture-form.js';

LeadCaptureForm.define();

export { LeadCaptureForm };
