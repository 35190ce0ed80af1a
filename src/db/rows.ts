import { type Column, getColumns, type Table } from 'drizzle-orm';

/**
 * Rows as a driver gives and takes them (SQL column names, driver values) and as the tables type
 * them (TypeScript keys, values), for either engine's table definitions.
 */

/** A typed row: the table's TypeScript keys and values. */
type Row = Record<string, unknown>;

/** A table's columns keyed as in TypeScript, each with its SQL name. */
export function columnsOf(table: Table, except: Column[] = []) {
  return Object.entries(getColumns(table) as Record<string, Column>).filter(([, c]) => !except.includes(c));
}

/** Turns a row as the driver answers it (SQL column names, driver values) into the table's typed row. */
export function rowDecoder(table: Table, except: Column[] = []) {
  const columns = columnsOf(table, except);
  return (raw: Record<string, unknown>): Row => {
    const row: Row = {};
    for (const [key, column] of columns) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row;
  };
}

/** The driver values of a typed row's columns, in `columns` order. */
export function driverValues(columns: [string, Column][], row: Row) {
  const values = new Array<unknown>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const [key, column] = columns[i]!;
    const value = row[key];
    values[i] = value === null || value === undefined ? null : column.mapToDriverValue(value);
  }
  return values;
}
