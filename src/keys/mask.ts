/**
 * What Cencori's dashboard shows for a key: prefix + first 4 body characters + "...".
 * Printing exactly that lets the owner find the key to revoke, and never more than that.
 */
const VISIBLE_BODY_CHARACTERS = 4;

export function maskKeyParts(prefix: string, body: string): string {
  return `${prefix}${body.slice(0, VISIBLE_BODY_CHARACTERS)}...`;
}
