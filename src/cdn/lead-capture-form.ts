/**
 * Script-tag bundle of the lead form alone, the smallest embed. Until the element exists it exports
 * the lead helpers a page can already use.
 */
export { isValidEmail, normalizeEmail } from '../core/email.js';
