export interface BodyFormat {
  alphabet: 'hex' | 'base58';
  bodyLength: number;
}
export interface PlaceholderFormat extends BodyFormat {
  id: string;
  prefix: string;
}
export declare function randomBody(format: BodyFormat): string;
export declare const PLACEHOLDER_SOURCE: string;
export declare function fillPlaceholders(
  text: string,
  formats: readonly PlaceholderFormat[],
  keys: Map<string, string>,
  counter?: Map<string, number>,
): string;
