import type { BuildOptions } from 'esbuild';

export declare const BUNDLE_OPTIONS: BuildOptions & { plugins: NonNullable<BuildOptions["plugins"]> };
export declare const ESM_BANNER: string;
export declare const RUNTIME_ASSETS: ReadonlyArray<{ from: string; to: string }>;
