import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';

describe('plugin shape', () => {
  it('exports both configs, and the plugin meta ESLint 9 and 10 read', () => {
    expect(Object.keys(plugin.configs).sort()).toEqual(['recommended', 'recommended-legacy']);
    expect(plugin.meta).toMatchObject({ name: 'eslint-plugin-cencori', namespace: 'cencori' });
  });
});
