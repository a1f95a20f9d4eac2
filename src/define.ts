/**
 * Registers every element under its default tag. The only module with that side effect
 * (STYLE.md habit 10); an already defined tag is skipped, so importing it twice is harmless.
 * The provider goes first so the elements inside it find it as they upgrade.
 */
import { L2cProvider } from './components/l2c-provider/l2c-provider.js';

L2cProvider.define();
