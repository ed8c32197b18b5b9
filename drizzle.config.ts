import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema.ts',
  out: './migrations',
  // `drizzle-kit migrate` brings the database at DATABASE_URL up to date: a Neon database
  // before a Workers deploy (docs/deploy-workers.md). The Node server migrates on its own.
  ...(process.env.DATABASE_URL ? { dbCredentials: { url: process.env.DATABASE_URL } } : {}),
});
