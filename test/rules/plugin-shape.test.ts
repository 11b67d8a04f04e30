import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';

describe('plugin shape', () => {
  it('exports four rules and both configs', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual(['no-hardcoded-key', 'no-public-secret-env', 'no-secret-env-inlining', 'no-secret-key-in-client']);
    expect(Object.keys(plugin.configs).sort()).toEqual(['recommended', 'recommended-legacy']);
  });
});
