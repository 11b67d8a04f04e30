/**
 * Which environment variable names hold a Cencori secret key, by name alone. A project's
 * .env files can add more (any variable whose value is a secret key): see dotenv handling.
 */
const EXACT_SECRET_NAMES = new Set(['CENCORI_API_KEY', 'CENCORI_TEST_API_KEY', 'CENCORI_KEY']);

/** Prefixes a bundler copies into client code: a variable named with one is public. */
export const PUBLIC_ENV_PREFIXES = [
  'NEXT_PUBLIC_',
  'VITE_',
  'REACT_APP_',
  'EXPO_PUBLIC_',
  'NUXT_PUBLIC_',
  'GATSBY_',
  'PUBLIC_',
] as const;

export type PublicEnvPrefix = (typeof PUBLIC_ENV_PREFIXES)[number];

/** Who copies a prefixed variable into the browser bundle, for messages. */
export const PUBLIC_PREFIX_FRAMEWORKS: Readonly<Record<PublicEnvPrefix, string>> = {
  NEXT_PUBLIC_: 'Next.js',
  VITE_: 'Vite',
  REACT_APP_: 'Create React App',
  EXPO_PUBLIC_: 'Expo',
  NUXT_PUBLIC_: 'Nuxt',
  GATSBY_: 'Gatsby',
  PUBLIC_: 'SvelteKit and Astro',
};

/** The public prefix a name starts with, if any. */
export function publicPrefixOf(name: string): PublicEnvPrefix | undefined {
  return PUBLIC_ENV_PREFIXES.find((prefix) => name.startsWith(prefix));
}

/** CENCORI_API_KEY, CENCORI_TEST_API_KEY, CENCORI_KEY, or any CENCORI_* naming SECRET or KEY but not PUBLISHABLE. */
export function isSecretKeyEnvName(name: string): boolean {
  if (EXACT_SECRET_NAMES.has(name)) return true;
  if (!name.startsWith('CENCORI_') || name.includes('PUBLISHABLE')) return false;
  return name.includes('SECRET') || name.includes('API_KEY') || name.includes('KEY');
}

/** For public vars, judged by name when no .env file says: CENCORI plus SECRET or API_KEY, not PUBLISHABLE. */
export function looksLikeSecretKeyName(name: string): boolean {
  return name.includes('CENCORI') && !name.includes('PUBLISHABLE') && (name.includes('SECRET') || name.includes('API_KEY'));
}
