/** The version this build was made from, set by the build (see vite.config.ts). */
declare const __SONO_VERSION__: string;

export const VERSION: string = __SONO_VERSION__;
