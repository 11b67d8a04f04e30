/** Public env prefixes, per framework. Whether a variable holds a secret is secret-verdict's call. */
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
