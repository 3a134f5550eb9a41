import type { SQLInputValue, StatementSync } from 'node:sqlite';

/** The statement answering rows as arrays, for tests that read a store's file directly. */
export function arrays(stmt: StatementSync): {
  get(...params: SQLInputValue[]): unknown;
  all(...params: SQLInputValue[]): unknown[];
} {
  stmt.setReturnArrays(true);
  return stmt;
}
