import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { secretReaderBehind } from '../../src/env/client-imports.js';
import { blankComments, factsOf } from '../../src/env/module-facts.js';
import { createProject, type TempProject } from '../helpers/project.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('factsOf', () => {
  it('finds env reads in every form, with the line of the first', () => {
    const facts = factsOf(
      ['const a = process.env.CENCORI_API_KEY;', "const b = process.env['CENCORI_KEY'];", 'const { X_TOKEN, Y: y, ...rest } = process.env;', 'const c = import.meta.env.VITE_K;', 'const d = process.env.CENCORI_API_KEY;'].join('\n'),
    );
    expect([...facts.envReads]).toEqual([
      ['CENCORI_API_KEY', 1],
      ['CENCORI_KEY', 2],
      ['VITE_K', 4],
      ['X_TOKEN', 3],
      ['Y', 3],
    ]);
  });

  it('lists imports, re-exports and dynamic imports, but not type-only ones', () => {
    const facts = factsOf(
      ["import a from './a';", "import {\n  b,\n  c,\n} from '@/b';", "import './side-effect';", "export * from './d';", "export { e } from './e';", "import type { T } from './types';", "const f = await import('./f');", "const g = require('./g');"].join('\n'),
    );
    expect([...facts.imports].sort()).toEqual(['./a', './d', './e', './f', './g', './side-effect', '@/b']);
  });

  it('ignores reads and imports in comments, not in strings that look like comments', () => {
    const facts = factsOf("// process.env.CENCORI_API_KEY\n/* import x from './x' */\nconst url = 'http://host'; const k = process.env.CENCORI_KEY;");
    expect([...facts.envReads.keys()]).toEqual(['CENCORI_KEY']);
    expect(facts.imports).toEqual([]);
  });

  it("notices 'server-only' and directives", () => {
    expect(factsOf("import 'server-only';").serverOnly).toBe(true);
    expect(factsOf("'use client';\nexport {}").directives).toEqual(['use client']);
  });

  it('keeps line numbers when blanking comments', () => {
    const text = '/* a\nb */ x // c\ny';
    expect(blankComments(text).split('\n')).toHaveLength(3);
    expect(blankComments(text)).toContain('x');
    expect(blankComments(text)).not.toContain('c');
  });
});

describe('secretReaderBehind', () => {
  const isSecret = (name: string) => name === 'CENCORI_API_KEY';

  it('finds the nearest reader through re-exports and stops at cycles', () => {
    project = createProject({
      'src/a.ts': "export * from './b';\nimport './a';",
      'src/b.ts': "import { c } from './c';\nexport const b = c;",
      'src/c.ts': "import './b';\nexport const c = 1;\nexport const k = process.env.CENCORI_API_KEY;",
      'src/ui.tsx': '',
    });
    const found = secretReaderBehind(project.path('src/ui.tsx'), './a', isSecret);
    expect(found).toEqual({ file: project.path('src/c.ts'), name: 'CENCORI_API_KEY', line: 3, chain: [project.path('src/a.ts'), project.path('src/b.ts'), project.path('src/c.ts')] });
  });

  it('finds a reader behind another path after a fruitless walk', () => {
    project = createProject({
      'src/a.ts': "import './b';",
      'src/b.ts': 'export const b = 1;',
      'src/c.ts': "import './b';\nimport './d';",
      'src/d.ts': 'export const d = process.env.CENCORI_API_KEY;',
      'src/ui.tsx': '',
    });
    expect(secretReaderBehind(project.path('src/ui.tsx'), './a', isSecret)).toBeUndefined();
    expect(secretReaderBehind(project.path('src/ui.tsx'), './c', isSecret)?.file).toBe(project.path('src/d.ts'));
  });

  it('sees a module edited at once, with no wait', () => {
    project = createProject({ 'src/lib.ts': 'export const x = 1;\n', 'src/ui.tsx': '' });
    const lib = project.path('src/lib.ts');
    expect(secretReaderBehind(project.path('src/ui.tsx'), './lib', isSecret)).toBeUndefined();
    writeFileSync(lib, 'export const x = process.env.CENCORI_API_KEY;\n');
    expect(secretReaderBehind(project.path('src/ui.tsx'), './lib', isSecret)?.name).toBe('CENCORI_API_KEY');
  });
});
