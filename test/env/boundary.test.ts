import { afterEach, describe, expect, it } from 'vitest';
import { boundaryOf } from '../../src/env/boundary.js';
import { moduleDirectives, readDirectives, resolveImport } from '../../src/env/resolve-import.js';
import { createProject, NEXT_PACKAGE, type TempProject } from '../helpers/project.js';

let project: TempProject | undefined;
afterEach(() => project?.cleanup());

describe('boundaryOf', () => {
  it('trusts directives first', () => {
    project = createProject({}, NEXT_PACKAGE);
    expect(boundaryOf(project.path('app/chat.tsx'), ['use client']).kind).toBe('client');
    expect(boundaryOf(project.path('components/actions.ts'), ['use strict', 'use server']).kind).toBe('server');
  });

  it.each([
    ['pages/index.tsx', 'pages'],
    ['src/pages/blog/[slug].jsx', 'pages'],
    ['pages/api/chat.ts', 'server'],
    ['src/pages/api/v1/chat.ts', 'server'],
    ['pages/_document.tsx', 'server'],
    ['app/page.tsx', 'server'],
    ['src/app/(chat)/layout.tsx', 'server'],
    ['app/api/chat/route.ts', 'server'],
    ['middleware.ts', 'server'],
    ['src/middleware.js', 'server'],
    ['components/chat-box.tsx', 'unknown'],
    ['lib/pages/helper.ts', 'unknown'],
  ])('classifies %s in a Next.js app as %s', (file, kind) => {
    project = createProject({}, NEXT_PACKAGE);
    expect(boundaryOf(project.path(file), []).kind).toBe(kind);
  });

  it('applies Next.js conventions only to projects that depend on next', () => {
    project = createProject({}, { name: 'express-api', dependencies: { express: '^5.0.0' } });
    expect(boundaryOf(project.path('pages/index.ts'), []).kind).toBe('unknown');
    expect(boundaryOf(project.path('app/server.ts'), []).kind).toBe('unknown');
  });

  it('treats files matching clientFiles as client code, relative to cwd', () => {
    project = createProject({}, { name: 'vite-app' });
    const options = { clientFiles: ['src/**/*.{ts,tsx}'], cwd: project.dir };
    expect(boundaryOf(project.path('src/main.tsx'), [], options)).toEqual({ kind: 'client', reason: 'it matches the clientFiles option' });
    expect(boundaryOf(project.path('server/index.ts'), [], options).kind).toBe('unknown');
    expect(boundaryOf(project.path('src/main.tsx'), ['use server'], options).kind).toBe('server');
  });
});

describe('readDirectives', () => {
  it.each([
    ["'use client';\nimport x from 'y';", ['use client']],
    ['"use client"\nexport default 1', ['use client']],
    ['#!/usr/bin/env node\n// why\n/* block\n */\n\'use strict\';\n"use client";', ['use strict', 'use client']],
    ["import 'x';\n'use client';", []],
    ["const a = 'use client';", []],
    ["'use client'.length", []],
    ['', []],
  ])('reads the prologue of %j', (text, expected) => {
    expect(readDirectives(text)).toEqual(expected);
  });
});

describe('resolveImport', () => {
  it('probes extensions, index files and .js for .ts', () => {
    project = createProject({
      'src/page.tsx': '',
      'src/chat-box.tsx': "'use client';",
      'src/ui/index.ts': '',
      'src/esm.ts': '',
    });
    const from = project.path('src/page.tsx');
    expect(resolveImport(from, './chat-box')).toBe(project.path('src/chat-box.tsx'));
    expect(resolveImport(from, './ui')).toBe(project.path('src/ui/index.ts'));
    expect(resolveImport(from, './esm.js')).toBe(project.path('src/esm.ts'));
    expect(resolveImport(from, './missing')).toBeUndefined();
    expect(resolveImport(from, 'react')).toBeUndefined();
  });

  it('follows tsconfig paths through extends and baseUrl', () => {
    project = createProject({
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./src/*'], '~ui': ['./src/ui/index.tsx'] } } }),
      'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json' }),
      'src/components/chat-box.tsx': "'use client';",
      'src/ui/index.tsx': '',
      'src/lib/util.ts': '',
      'app/page.tsx': '',
    });
    const from = project.path('app/page.tsx');
    expect(resolveImport(from, '@/components/chat-box')).toBe(project.path('src/components/chat-box.tsx'));
    expect(resolveImport(from, '~ui')).toBe(project.path('src/ui/index.tsx'));
    // baseUrl alone makes `src/lib/util` importable.
    expect(resolveImport(from, 'src/lib/util')).toBe(project.path('src/lib/util.ts'));
  });

  it('reads jsconfig.json when there is no tsconfig.json', () => {
    project = createProject({
      'jsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
      'components/box.jsx': '',
      'pages/index.jsx': '',
    });
    expect(resolveImport(project.path('pages/index.jsx'), '@/components/box')).toBe(project.path('components/box.jsx'));
  });

  it('survives a broken tsconfig.json', () => {
    project = createProject({ 'tsconfig.json': '{ "compilerOptions": { "paths": ', 'a.ts': '' });
    expect(() => resolveImport(project!.path('a.ts'), '@/x')).not.toThrow();
  });

  it('reads the directives of a module on disk', () => {
    project = createProject({ 'a.tsx': "// comment\n'use client'\nexport {}", 'b.tsx': 'export {}' });
    expect(moduleDirectives(project.path('a.tsx'))).toEqual(['use client']);
    expect(moduleDirectives(project.path('b.tsx'))).toEqual([]);
    expect(moduleDirectives(project.path('missing.tsx'))).toEqual([]);
  });
});
