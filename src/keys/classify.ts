import type { KeyEnvironment, KeyFormat, KeyKind } from './formats.js';
import { formatOf } from './matcher.js';
import { isPlaceholderBody } from './placeholder.js';
import { maskKeyParts } from './mask.js';

export interface KeyClass {
  readonly prefix: string;
  readonly kind: KeyKind;
  readonly environment: KeyEnvironment;
  readonly legacy: boolean;
  readonly agent: boolean;
  /** Human label, e.g. "production secret key". */
  readonly description: string;
  readonly formatId: string;
}

export function classOf(format: KeyFormat): KeyClass {
  return {
    prefix: format.prefix,
    kind: format.kind,
    environment: format.environment,
    legacy: format.legacy,
    agent: format.agent,
    description: format.description,
    formatId: format.id,
  };
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
