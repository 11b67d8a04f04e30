import packageJson from '../package.json' with { type: 'json' };

export const PACKAGE_NAME: string = packageJson.name;
export const VERSION: string = packageJson.version;
