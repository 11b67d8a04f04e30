/**
 * The one text recogniser of env reads, for code that is not parsed (the modules an import walk
 * reaches, the original sources a bundle's source map points at): `process.env.X`,
 * `process.env?.X`, `process.env['X']`, `import.meta.env.X` and the same with spaces, as bundlers
 * replace them at build time. The ESLint rules use the AST recogniser (rules/utils/env-reads.ts),
 * which also sees aliases and destructuring through scope analysis.
 */
const ENV_READ = /\b(?:process\s*\.\s*env|import\s*\.\s*meta\s*\.\s*env)\s*(?:\??\.\s*([A-Za-z_$][\w$]*)|\??\.?\[\s*(['"`])([^'"`\n]+)\2\s*\])/g;

export interface TextEnvRead {
  readonly name: string;
  /** Offset of the read's first character in the text. */
  readonly index: number;
  readonly length: number;
}

/** Every env read in `text`, in order. Comments are the caller's business (blank them first). */
export function envReadsInText(text: string): TextEnvRead[] {
  return [...text.matchAll(ENV_READ)].map((m) => ({ name: (m[1] ?? m[3])!, index: m.index, length: m[0].length }));
}

/**
 * The env var read on `line` nearest to `column` (0-based, UTF-16), e.g. the one a source map
 * points at; undefined when the line reads none.
 */
export function envVarAt(line: string, column: number): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const read of envReadsInText(line)) {
    const end = read.index + read.length;
    const distance = column < read.index ? read.index - column : column > end ? column - end : 0;
    if (best === undefined || distance < best.distance) best = { name: read.name, distance };
  }
  return best?.name;
}
