/**
 * Registers every element under its default tag. The only module with that side effect
 * (STYLE.md habit 10); an already defined tag is skipped, so importing it twice is harmless.
 * Elements are added here as they are built.
 */
export {};
