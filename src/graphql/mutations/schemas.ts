import { z } from 'zod';
import { type RecordType, recordFields, recordTypes, withRecordRules } from '../../model/index.ts';
import { globalIdRef } from './ids.ts';

/**
 * The zod schemas of the mutation inputs: the domain model's record fields
 * (src/model/), with global ids where a file has keys. One source of truth for what
 * a valid claim (or actor, ...) is, whether it arrives in a file or through the API.
 */

export const onConflictValues = ['ERROR', 'UPDATE', 'KEEP'] as const;
export type OnConflict = (typeof onConflictValues)[number];

const fields = recordFields(globalIdRef);

/** GraphQL hands explicit nulls; in a create input (and inside any nested value) null means "not given". */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, dropNulls(v)]),
  );
}

const onConflict = z.enum(onConflictValues).default('ERROR');

const create = <S extends z.ZodType>(schema: S) => z.preprocess(dropNulls, schema);

const byType = (schema: (type: RecordType) => z.ZodType) =>
  Object.fromEntries(recordTypes.map((type) => [type, schema(type)])) as Record<RecordType, z.ZodType>;

export const createSchemas = byType((type) => create(withRecordRules(type, z.object({ ...fields[type], onConflict }))));

/**
 * An update input: the object's id and the fields to change. A field left out keeps its value;
 * null clears an optional field (or empties a list) and is refused for a required one. Lists and
 * nested objects (roles, quantities, period) are replaced whole.
 */
function patchOf<T extends RecordType>(type: T, shape: z.ZodRawShape) {
  const required: string[] = [];
  const entries = Object.entries(shape).map(([key, schema]) => {
    let inner = schema as z.ZodType;
    if (inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
    else if (inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
    else required.push(key);
    return [key, inner.nullable().optional()];
  });
  const patch = z
    .object({ id: globalIdRef(type), ...Object.fromEntries(entries) })
    .superRefine((value: Record<string, unknown>, ctx) => {
      for (const key of required)
        if (value[key] === null)
          ctx.addIssue({ code: 'custom', path: [key], message: 'must not be null; leave it out to keep it as it is' });
    });
  return z.preprocess(
    (value) =>
      typeof value === 'object' && value !== null
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? null : dropNulls(v)]))
        : value,
    patch,
  );
}

export const patchSchemas = byType((type) => patchOf(type, fields[type]));

export const deleteSchemas = byType((type) => z.object({ id: globalIdRef(type) }));
