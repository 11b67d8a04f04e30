/**
 * Reads of an environment variable as bundlers replace them at build time:
 * `process.env.X` / `process.env["X"]` (webpack, Next.js, CRA, `define`) and
 * `import.meta.env.X` / `import.meta.env["X"]` (Vite, Astro, Nuxt).
 */
const ENV_READ = /\b(?:process\.env|import\.meta\.env)\s*(?:\??\.\s*([A-Za-z_$][\w$]*)|\??\.?\[\s*(['"`])([^'"`\n]+)\2\s*\])/g;

/**
 * The env var read on `line` nearest to `column` (0-based, UTF-16), e.g. the one the source
 * map points at; undefined when the line reads none.
 */
export function envVarAt(line: string, column: number): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const m of line.matchAll(ENV_READ)) {
    const start = m.index;
    const end = start + m[0].length;
    const distance = column < start ? start - column : column > end ? column - end : 0;
    const name = m[1] ?? m[3]!;
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  return best?.name;
}
