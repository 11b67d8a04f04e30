/**
 * Git's C-style path quoting (quote.c: quote_c_style). A path holding `"`, `\`, a control
 * character (tab, newline, ...) or, without core.quotePath=false, any byte >= 0x80 is printed
 * as "..." with \a \b \t \n \v \f \r \" \\ and 3-digit octal byte escapes. The octal bytes are
 * raw UTF-8 (or whatever the path was), so they are gathered as bytes and decoded once.
 */
const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

export function unquoteGitPath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const body = text.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(SIMPLE_ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
