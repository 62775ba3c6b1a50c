import { configureZodForStrictCsp } from '@clearinghouse/shared';

// Must run before any schema is used: main.tsx imports this module first.
configureZodForStrictCsp();
