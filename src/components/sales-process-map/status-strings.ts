/**
 * The two messages `<sales-process-map>` shows before its drawing code has loaded: nothing to draw,
 * and the drawing code failed to load. The rest of its messages (strings.ts) load with the drawing.
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

export const mapStatusZhCN: MapStatusStrings = {
  empty: '暂无内容：请为流程图提供流程或销售管道。',
  loadFailed: '布局代码未能加载，无法绘制流程图。请检查网络后刷新页面。',
};

/** Kept in step with `salesProcessMapStrings`: a locale added there is added here too. */
export const mapStatusStrings = new Strings<MapStatusStrings>('sales-process-map-status', { en: mapStatusEn, 'zh-CN': mapStatusZhCN });
