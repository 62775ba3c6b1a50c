/**
 * Zod compiles fast object parsers with `new Function` unless told not to. Under the server's
 * CSP (no 'unsafe-eval') even its guarded probe is reported as a policy violation. The public
 * switch is `z.config({ jitless: true })`, but this package reaches zod only through
 * @clearinghouse/shared; zod keeps that setting on this global, which it shares with `z.config`.
 * It must run before any schema is built: main.tsx imports this module first.
 */
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
holder.__zod_globalConfig ??= {};
holder.__zod_globalConfig.jitless = true;

export {};
