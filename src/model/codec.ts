import { z } from 'zod';
import { inferredShape, quantitySchema, type RecordType, type RefSchema, type Resolve, type ToRef } from './fields.ts';

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

const quantityColumns = Object.keys(quantitySchema.shape).filter((c) => c !== 'derivedFrom');
type QuantitySource = { claim: string; index: number };
/**
 * Quantities, stored as a child list of quantity rows (their columns are the quantity's fields):
 * the shape inferred when not given, the sources of a derived figure as claim row ids. A derived
 * figure's numbers are computed on write (src/store/derived-figures.ts), so a record leaves them out.
 */
export const quantities = (list: string): FieldCodec => ({
  toRow: (value, resolve, field) => ({
    [list]: ((value ?? []) as Record<string, unknown>[]).map((q, i) => ({
      ...Object.fromEntries(quantityColumns.map((c) => [c, q[c] ?? null])),
      shape: q.shape ?? inferredShape(q),
      derivedFrom:
        q.derivedFrom === undefined
          ? null
          : (q.derivedFrom as QuantitySource[]).map((source, j) => ({
              claimId: idOf(resolve, source.claim, `${field}[${i}].derivedFrom[${j}].claim`, ['claim']),
              index: source.index,
            })),
    })),
  }),
  fromRow: (row, ref) =>
    (row[list] as StoredRow[]).map((q) => {
      const derived = q.derivation !== null;
      return {
        ...Object.fromEntries(
          quantityColumns.map((c) => [c, derived && (c === 'best' || c === 'low' || c === 'high') ? null : q[c]]),
        ),
        derivedFrom: derived
          ? (q.derivedFrom as { claimId: number; index: number }[]).map((s) => ({
              claim: ref('claim', s.claimId),
              index: s.index,
            }))
          : null,
      };
    }),
});

/** One of two columns by the type of what the reference names: an actor or an official. */
export const speaker = {
  toRow: (value: string | undefined, resolve: Resolve, field: string) => {
    const found = value === undefined ? undefined : resolve(value, field, ['official', 'actor']);
    return {
      actorId: found?.type === 'actor' ? found.id : null,
      officialId: found?.type === 'official' ? found.id : null,
    };
  },
  fromRow: (row: StoredRow, ref: ToRef) =>
    row.officialId !== null && row.officialId !== undefined
      ? ref('official', row.officialId as number)
      : row.actorId !== null && row.actorId !== undefined
        ? ref('actor', row.actorId as number)
        : null,
};

/** Names (aliases), stored as a child list of text: trimmed, without repeats, in order. */
export const names = (list: string): FieldCodec => ({
  toRow: (value) => ({ [list]: [...new Set((value ?? []) as string[])].sort() }),
  fromRow: (row) => row[list],
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
