/**
 * The two messages `<sales-process-map>` shows before its drawing code has loaded: nothing to draw,
 * and the drawing code failed to load. The rest of its messages (strings.ts) load with the drawing;
 * those in Chinese come with the rest of the Chinese ones (strings.zh-CN.ts).
 */
import { Strings } from '../../internal/localize.js';

/** Messages of the map before it draws. */
export interface MapStatusStrings {
  empty: string;
  loadFailed: string;
}

export const mapStatusEn: MapStatusStrings = {
  empty: 'Nothing to draw yet: give the map a process or a pipeline.',
  loadFailed: 'The map could not be drawn because its layout code did not load. Check the connection and reload the page.',
};

/** Kept in step with `salesProcessMapStrings`: a locale added there is added here too. */
// In Chinese the element takes them from all its messages, which a map soon needs anyway.
export const mapStatusStrings = new Strings<MapStatusStrings>('sales-process-map-status', { en: mapStatusEn, 'zh-CN': () => import('./strings.zh-CN.js') });
