/**
 * The signed-in user's owner id, for the elements that act for a person (`<lead-inbox>` accepts and
 * reassigns as them, `<routing-editor>` records who saved): the `user-id` attribute of the element
 * or of its closest ancestor that has one, across shadow roots (typically `<l2c-provider user-id>`).
 */
export function userIdOf(el: Element): string | undefined {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element) {
      const id = node.getAttribute('user-id');
      if (id) return id;
      node = node.assignedSlot ?? node.parentNode;
    } else node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return undefined;
}
