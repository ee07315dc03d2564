// Types of scripts/build.mjs for the TypeScript that imports it (the tests).
export const root: string;
export const srcDir: string;
export const distDir: string;
export function sourceFingerprint(): string;
export function buildIsCurrent(): boolean;
export function build(options?: { output?: number }): { ms: number };
