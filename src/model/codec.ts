import { z } from 'zod';
import { quantitySchema, type RecordType, type RefSchema, type Resolve, type ToRef } from './fields.ts';

/**
 * How a record's fields are stored: the codec between a validated record (references as file keys
 * or global ids) and a stored row (references as row ids, absent values as null, child rows as
 * lists). A field without a codec of its own is stored as is in the column of the same name, so
 * a new plain field needs its zod schema and its column, nothing else.
 */

export type StoredRow = Record<string, unknown>;

export interface FieldCodec {
  /** The columns (or child lists) that hold `value`; undefined means the field is absent. */
  toRow(value: unknown, resolve: Resolve, field: string): StoredRow;
  /** The field's value in a stored row: null or an empty list when absent. */
  fromRow(row: StoredRow, ref: ToRef): unknown;
}

const sameNameColumn = (name: string): FieldCodec => ({
  toRow: (value) => ({ [name]: value ?? null }),
  fromRow: (row) => row[name],
});

const idOf = (resolve: Resolve, ref: string, field: string, types: readonly RecordType[]) =>
  resolve(ref, field, types)?.id ?? 0;

/** A reference to one record, stored as its row id in `column`. */
export const reference = (column: string, type: RecordType): FieldCodec => ({
  toRow: (value, resolve, field) => ({
    [column]: value === undefined ? null : idOf(resolve, value as string, field, [type]),
  }),
  fromRow: (row, ref) => (row[column] === null ? null : ref(type, row[column] as number)),
});

/** References to records of one type, stored as a child list of row ids: ascending, without repeats. */
export const references = (list: string, type: RecordType): FieldCodec => ({
  toRow: (value, resolve, field) => ({
    [list]: [...new Set(((value ?? []) as string[]).map((r, i) => idOf(resolve, r, `${field}[${i}]`, [type])))].sort(
      (a, b) => a - b,
    ),
  }),
  fromRow: (row, ref) => (row[list] as number[]).map((id) => ref(type, id)),
});

/** An instant, stored as UTC with milliseconds and `Z` so that stored instants sort as they compare. */
export const storedInstant = (instant: string) => new Date(instant).toISOString();
export const instantColumn = (column: string): FieldCodec => ({
  toRow: (value) => ({ [column]: value === undefined ? null : storedInstant(value as string) }),
  fromRow: (row) => row[column],
});

interface Period {
  start?: string;
  end?: string;
  text?: string;
}
/** A period, stored in the periodStart, periodEnd and periodText columns. */
export const period: FieldCodec = {
  toRow: (value) => {
    const p = value as Period | undefined;
    return { periodStart: p?.start ?? null, periodEnd: p?.end ?? null, periodText: p?.text ?? null };
  },
  fromRow: (row) =>
    row.periodStart === null && row.periodEnd === null && row.periodText === null
      ? null
      : { start: row.periodStart, end: row.periodEnd, text: row.periodText },
};

const quantityColumns = Object.keys(quantitySchema.shape);
/** Quantities, stored as a child list of quantity rows (their columns are the quantity's fields). */
export const quantities = (list: string): FieldCodec => ({
  toRow: (value) => ({
    [list]: ((value ?? []) as Record<string, unknown>[]).map((q) =>
      Object.fromEntries(quantityColumns.map((c) => [c, q[c] ?? null])),
    ),
  }),
  fromRow: (row) => (row[list] as StoredRow[]).map((q) => Object.fromEntries(quantityColumns.map((c) => [c, q[c]]))),
});

/** One record type: its fields (the zod shape, references made by `ref`) and how they are stored. */
export interface ModelDefinition<Shape extends z.ZodRawShape> {
  type: RecordType;
  fields: (ref: RefSchema) => Shape;
  /** Fields not stored as is in a column of their own name. */
  codecs?: Partial<Record<keyof Shape & string, FieldCodec>>;
}

export function defineModel<Shape extends z.ZodRawShape>(definition: ModelDefinition<Shape>) {
  const names = Object.keys(definition.fields(() => z.string())) as (keyof Shape & string)[];
  const codecs = Object.fromEntries(
    names.map((name) => [name, definition.codecs?.[name] ?? sameNameColumn(name)]),
  ) as Record<string, FieldCodec>;
  return {
    ...definition,
    names,
    codecs,
    /** A validated record's fields as a stored row, references resolved. */
    toRow(body: Record<string, unknown>, resolve: Resolve): StoredRow {
      const row: StoredRow = {};
      for (const name of names) Object.assign(row, codecs[name]!.toRow(body[name], resolve, name));
      return row;
    },
    /** Changes merged into a stored row: a field given as null is cleared, one left out kept. */
    patchRow(row: StoredRow, changes: Record<string, unknown>, resolve: Resolve): StoredRow {
      const merged = { ...row };
      for (const [name, value] of Object.entries(changes)) {
        if (value === undefined || !codecs[name]) continue;
        Object.assign(merged, codecs[name].toRow(value ?? undefined, resolve, name));
      }
      return merged;
    },
    /** A stored row as a record's fields, references made by `ref`, absent values null or empty. */
    toRecord(row: StoredRow, ref: ToRef): Record<string, unknown> {
      return Object.fromEntries(names.map((name) => [name, codecs[name]!.fromRow(row, ref)]));
    },
  };
}

export type RecordModel = ReturnType<typeof defineModel>;
