import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { allowMarkerCovers, redactKeys } from '../../src/keys/index.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Descriptor = TSESLint.ReportDescriptor<string>;
type Fix = TSESLint.ReportFixFunction;

function maskData(data: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!data) return data;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) out[name] = typeof value === 'string' ? redactKeys(value) : value;
  return out;
}

function maskFixes(result: ReturnType<Fix>): ReturnType<Fix> {
  if (result === null) return result;
  const mask = (fix: TSESLint.RuleFix): TSESLint.RuleFix => ({ range: fix.range, text: redactKeys(fix.text) });
  return Symbol.iterator in result ? [...result].map(mask) : mask(result);
}

function maskFix(fix: Fix | null | undefined): Fix | null | undefined {
  return fix ? (fixer) => maskFixes(fix(fixer)) : fix;
}

function startLine(descriptor: Descriptor): number {
  const loc = 'loc' in descriptor && descriptor.loc ? descriptor.loc : (descriptor as { node: TSESTree.Node | TSESTree.Token }).node.loc;
  return 'start' in loc ? loc.start.line : loc.line;
}

/**
 * The plugin's one output boundary: every report of every rule passes here. Message data,
 * suggestion data and fix texts lose every key-shaped string (found as a key or not), so no rule
 * can quote a key by accident; a report on a line that `cencori-scan:allow` covers is dropped,
 * by the same rule the CLI applies (ESLint's own disable comments keep working beside it).
 */
export function guardReports<C extends Context>(context: C): C {
  const report = (descriptor: Descriptor): void => {
    const lines = context.sourceCode.lines;
    const line = startLine(descriptor);
    if (allowMarkerCovers(lines[line - 1] ?? '', lines[line - 2] ?? '')) return;
    context.report({
      ...descriptor,
      data: maskData(descriptor.data),
      fix: maskFix(descriptor.fix),
      suggest: descriptor.suggest?.map((s) => ({ ...s, data: maskData(s.data), fix: maskFix(s.fix)! })),
    } as Descriptor);
  };
  // ESLint's context is frozen, so `report` is put in front of it by a Proxy over an empty target
  // (a frozen target's own `report` could not be answered differently). Not setPrototypeOf: making
  // each file's context a prototype costs V8 a map change per file and rule, ~20 µs (profiled on a
  // 3,480-file app), where a Proxy costs nothing until a property is read, a few times per file.
  return new Proxy(EMPTY, {
    get: (_, property) => (property === 'report' ? report : Reflect.get(context, property, context)),
    has: (_, property) => property in context,
  }) as C;
}

const EMPTY = {};
