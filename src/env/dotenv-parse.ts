import { parse } from 'dotenv';

/** One variable a .env file defines, as dotenv reads it (before `$VAR` expansion). */
export interface DotenvEntry {
  readonly name: string;
  readonly value: string;
  /** 1-based line of the definition dotenv keeps (the last one when a name repeats). */
  readonly line: number;
  /** False for single-quoted values: dotenv-expand, and so Next.js, leaves them literal. */
  readonly expands: boolean;
}

/**
 * Parses a .env file with dotenv itself, so quoting, `export `, comments and multi-line
 * values mean here what they mean to Next.js, Vite and every dotenv user. dotenv skips a line
 * it cannot read instead of throwing; the try is for anything else, since a lint run must
 * never crash on a user's .env file.
 */
export function parseDotenv(text: string): DotenvEntry[] {
  let values: Record<string, string>;
  try {
    values = parse(text);
  } catch {
    return [];
  }
  const definitions = locateDefinitions(text);
  return Object.entries(values).map(([name, value]) => {
    const at = definitions.get(name);
    return { name, value, line: at?.line ?? 1, expands: at?.quote !== "'" };
  });
}

// dotenv's own line grammar (lib/main.js LINE): optional `export`, a name of [\w.-], then `=` or `: `.
const DEFINITION = /^[ \t]*(?:export[ \t]+)?([\w.-]+)[ \t]*(?:=|:[ \t])[ \t]*(['"`])?/;

interface Definition {
  line: number;
  quote: string | undefined;
}

/**
 * dotenv returns values without positions: find the line each kept definition starts on,
 * skipping the continuation lines of multi-line quoted values, which may look like definitions.
 */
function locateDefinitions(text: string): Map<string, Definition> {
  const found = new Map<string, Definition>();
  let openQuote: string | undefined;
  text.split(/\r\n?|\n/).forEach((line, index) => {
    if (openQuote !== undefined) {
      if (hasClosingQuote(line, openQuote)) openQuote = undefined;
      return;
    }
    const m = DEFINITION.exec(line);
    if (!m) return;
    const quote = m[2];
    found.set(m[1]!, { line: index + 1, quote });
    if (quote !== undefined && !hasClosingQuote(line.slice(m[0].length), quote)) openQuote = quote;
  });
  return found;
}

function hasClosingQuote(text: string, quote: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return true;
  }
  return false;
}
