/** Events of `<l2c-provider>`. */

/**
 * Detail of `outbox-changed` (REST storage): what the provider's outbox holds after a change, so a
 * host page can show "3 changes not sent yet", "1 change refused" or "not authorised".
 */
export interface OutboxChangedDetail {
  /** Writes not yet accepted by the server. */
  pending: number;
  /** Writes the server refused for good, gave up on, or that conflict (see `repository.outbox.deadLetters()`). */
  deadLetters: number;
  /**
   * `unauthorized` (401: the key is missing, unknown or revoked) or `forbidden` (403: the key's role
   * may not do this) while writes wait for credentials that work; else `ok`.
   */
  authorization: 'ok' | 'unauthorized' | 'forbidden';
}

declare global {
  interface GlobalEventHandlersEventMap {
    'outbox-changed': CustomEvent<OutboxChangedDetail>;
  }
}
