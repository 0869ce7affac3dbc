/** `code` (esbuild's minified IIFE) through terser (scripts/client-squeeze.mjs). */
export function squeeze(code: string): Promise<string>;
