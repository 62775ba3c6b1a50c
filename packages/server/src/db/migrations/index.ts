import type { Migration } from 'kysely';
import { foundation } from './2026-11-27-foundation.js';
import { authGeneration } from './2026-11-27-auth-generation.js';
import { totpSteps } from './2026-11-27-totp-steps.js';
import { passwordResets } from './2026-11-27-password-resets.js';
import { reports } from './2026-11-28-reports.js';
import { cases } from './2026-11-28-cases.js';
import { advisories } from './2026-11-28-advisories.js';
import { exposure } from './2026-11-28-exposure.js';
import { notifications } from './2026-11-28-notifications.js';

/** Every migration, in order. Names are ISO-dated; a migration is never edited once released. */
export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-27-0001-foundation': foundation,
  '2026-11-27-0002-auth-generation': authGeneration,
  '2026-11-27-0003-totp-steps': totpSteps,
  '2026-11-27-0004-password-resets': passwordResets,
  '2026-11-28-0005-reports': reports,
  '2026-11-28-0006-cases': cases,
  '2026-11-28-0007-advisories': advisories,
  '2026-11-28-0008-exposure': exposure,
  '2026-11-28-0009-notifications': notifications,
};
