/// <reference types="vite/client" />

// Vite's own declaration of `*?worker&url` does not reach relative `.ts` imports
// under TypeScript 7; the worklet modules are named explicitly.
declare module '*.worklet.ts?worker&url' {
  const url: string;
  export default url;
}
