import { oneLine } from './escape.js';

/** A bundle root as the report names it: its display path, what it is, and notes on what was left out. */
export interface RootDescription {
  display: string;
  label: string;
  notes: readonly string[];
}

/** The bundle scan's first stderr lines: which client output folders it read. */
export function describeBundleRoots(roots: readonly RootDescription[]): string {
  const lines = roots.map((root) => {
    const notes = root.notes.length > 0 ? `: ${root.notes.map(oneLine).join('; ')}` : '';
    return `  ${oneLine(root.display) || '.'} (${root.label}${notes})`;
  });
  return `cencori-scan: scanning client output in\n${lines.join('\n')}\n`;
}

/** Publishable keys a bundle scan found but did not show (they are meant for browsers). */
export function hiddenPublishableNote(count: number): string {
  if (count === 0) return '';
  return `cencori-scan: ${count} publishable key${count === 1 ? '' : 's'} not shown: expected in client bundles (--verbose shows ${count === 1 ? 'it' : 'them'})\n`;
}
