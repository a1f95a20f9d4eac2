/**
 * What `<lead-capture-form>` keeps in localStorage about its visitor, shared with the tracker
 * (`l2c-elements/track`), which must not load the form's code to read it.
 */

/** The key under which a form remembers its visitor's lead id, per backend (endpoint, database). */
export const leadMemoryKey = (endpoint: string, dbName?: string): string => `l2c-lead-form:${endpoint}|${dbName || 'l2c'}`;

/** The key beside it holding when the visitor consented: present only after a submission with consent. */
export const consentKey = (memoryKey: string): string => `${memoryKey}|consent`;

/** Set by `stopTracking()`: the visitor opted out; cleared by their next submission with consent. */
export const OPT_OUT_KEY = 'l2c-track:opt-out';
