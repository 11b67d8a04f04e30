/**
 * eslint-plugin-cencori: the ESLint plugin. The scanner's Node API lives at
 * `eslint-plugin-cencori/scanner`.
 */
import { plugin } from './plugin.js';

export { rules } from '../rules/index.js';
export const { configs, meta } = plugin;
export default plugin;
