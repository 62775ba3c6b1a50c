import { z } from 'zod';

/**
 * Zod compiles fast object parsers with `new Function` unless told not to. Pages served under a
 * CSP without 'unsafe-eval' (ours) call this before building any schema.
 */
export function configureZodForStrictCsp(): void {
  z.config({ jitless: true });
}
