import type { DuckDBConnection } from "@duckdb/node-api";
import type { CompiledView } from "./compile.js";

/**
 * Runs a compiled view on a DuckDB connection; rows as plain JS objects with columns in view order;
 * JSON values (collections, complex types) as parsed JS values; booleans, integers, decimals,
 * strings as such.
 *
 * DuckDB serialises each row to JSON itself: that embeds JSON columns as they are, writes numbers
 * as numbers whatever their SQL type (a BIGINT needs no BigInt, a DOUBLE 5.0 reads back as 5) and
 * dates as ISO text, and keeps the columns in the view's order.
 */
export async function runView(conn: DuckDBConnection, compiled: CompiledView): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(`SELECT CAST(to_json(__view) AS VARCHAR) AS row FROM (${compiled.sql}) AS __view`);
  return (reader.getColumnsJS()[0] ?? []).map((row) => JSON.parse(row as string) as Record<string, unknown>);
}
