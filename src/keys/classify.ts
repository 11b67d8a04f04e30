import type { KeyFormat } from './formats.js';
import { formatOf } from './matcher.js';
import { isPlaceholderBody } from './placeholder.js';
import { maskKeyParts } from './mask.js';

/** What a key is, as every output names it: the format's own fields, its id as `formatId`. */
export type KeyClass = Pick<KeyFormat, 'prefix' | 'kind' | 'environment' | 'legacy' | 'agent' | 'description'> & { readonly formatId: string };

export function classOf({ id, prefix, kind, environment, legacy, agent, description }: KeyFormat): KeyClass {
  return { prefix, kind, environment, legacy, agent, description, formatId: id };
}

/** Classification of a complete key, or undefined when `value` is not a real key. */
export function classifyKey(value: string): KeyClass | undefined {
  const format = formatOf(value);
  if (format === undefined || isPlaceholderBody(value.slice(format.prefix.length))) return undefined;
  return classOf(format);
}

/** Mask a complete key as Cencori's dashboard does; a non-key is masked to its first 4 characters. */
export function maskKey(value: string): string {
  const format = formatOf(value);
  if (format === undefined) return `${value.slice(0, 4)}...`;
  return maskKeyParts(format.prefix, value.slice(format.prefix.length));
}
