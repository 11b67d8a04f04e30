import { inspect } from 'node:util';
import { fingerprintKey } from './fingerprint.js';

/**
 * A found key. The raw value is reachable only through `reveal()`, which only the verifier
 * calls; every accidental path to text (template string, JSON.stringify, console.log,
 * util.inspect, error messages) yields the masked form instead.
 */
export class SecretValue {
  readonly #value: string;
  readonly masked: string;
  #fingerprint: string | undefined;

  constructor(value: string, masked: string) {
    this.#value = value;
    this.masked = masked;
  }

  get fingerprint(): string {
    this.#fingerprint ??= fingerprintKey(this.#value);
    return this.#fingerprint;
  }

  /** The full key. Call only to send it to Cencori's API. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return this.masked;
  }

  toJSON(): string {
    return this.masked;
  }

  [inspect.custom](): string {
    return `SecretValue(${this.masked})`;
  }
}
