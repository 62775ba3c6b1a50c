import type { Migration } from 'kysely';

export const exposure: Migration = {
  async up() {},
  async down() {},
};
