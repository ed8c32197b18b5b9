import { type Column, getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/** Each table's columns by property name, listed once (a first pull maps tens of thousands). */
const columnsOf = new WeakMap<PgTable, [string, Column][]>();

/**
 * A row of `table` read as JSON by Postgres (`json_agg` of whole rows: snake_case names,
 * timestamps as ISO text), as drizzle would have returned it from a select: each column by its
 * property name, through the column's own decoding.
 */
export function rowFromJson<T extends PgTable>(
  table: T,
  json: Record<string, unknown>,
): T['$inferSelect'] {
  let columns = columnsOf.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table));
    columnsOf.set(table, columns);
  }
  const row: Record<string, unknown> = {};
  for (const [property, column] of columns) {
    const value = json[column.name];
    row[property] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}

/** A `json` result column: parsed by the driver already (node-postgres, PGlite), or text. */
export function parseJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
