/**
 * How every boolean attribute is read (`type: Boolean, converter: booleanAttribute`): present means
 * true, as in HTML, except the value "false", which means false. Svelte 5, Vue with a
 * string and templating languages write `show-table="false"` for a false value, which plain HTML
 * (and Lit's `type: Boolean` alone) reads as true. Reflected as Lit's `type: Boolean` does: the
 * attribute present and empty, or absent.
 */
export const booleanAttribute = (value: string | null): boolean => value !== null && value !== 'false';
