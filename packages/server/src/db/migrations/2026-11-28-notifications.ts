import type { Migration } from 'kysely';

export const notifications: Migration = {
  async up() {},
  async down() {},
};
