import { getAuthTables } from 'better-auth/db';
import { getTableColumns } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { account, session, user, verification } from '../db/auth-schema.ts';

// Our drizzle tables are written by hand from Better Auth's schema; an upgrade that adds a
// field must fail here rather than at a person's first sign-in.
test("the drizzle auth tables have every field Better Auth's schema asks for", () => {
  const ours = { user, session, account, verification };
  const theirs = getAuthTables({ emailAndPassword: { enabled: true } });
  for (const [model, table] of Object.entries(ours)) {
    const wanted = theirs[model];
    expect(wanted, `Better Auth has a ${model} table`).toBeDefined();
    const columns = getTableColumns(table);
    for (const [field, definition] of Object.entries(wanted?.fields ?? {})) {
      const column = columns[field as keyof typeof columns];
      expect(column, `${model}.${field}`).toBeDefined();
      if (definition.required) expect(column?.notNull, `${model}.${field} is required`).toBe(true);
    }
  }
});
