import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { RecordType, RefSchema } from '../../model/index.ts';

export const typenames: Record<RecordType, string> = {
  actor: 'Actor',
  official: 'Official',
  region: 'Region',
  article: 'Article',
  claim: 'Claim',
  territoryChange: 'TerritoryChange',
};
const recordTypeOf = new Map(Object.entries(typenames).map(([type, name]) => [name, type as RecordType]));

export const globalId = (type: RecordType, id: number) => encodeGlobalID(typenames[type], id);

/** The record type and row id a global id names, or undefined when it is no claimgraph id. */
export function decodeId(value: string): { type: RecordType; id: number } | undefined {
  try {
    const { typename, id } = decodeGlobalID(value);
    const type = recordTypeOf.get(typename);
    const rowId = Number(id);
    return type && Number.isSafeInteger(rowId) && rowId > 0 ? { type, id: rowId } : undefined;
  } catch {
    return undefined;
  }
}

const names = (types: readonly RecordType[]) =>
  types.map((t) => `an ${typenames[t]}`.replace(/^an ([^AEIOU])/, 'a $1'));

/** A reference in a mutation input: a global id of one of `types` (checked here; existence is checked on write). */
export const globalIdRef: RefSchema = (...types) =>
  z.string().superRefine((value, ctx) => {
    const decoded = decodeId(value);
    if (!decoded) ctx.addIssue({ code: 'custom', message: `"${value}" is not a claimgraph id` });
    else if (!types.includes(decoded.type))
      ctx.addIssue({
        code: 'custom',
        message: `must be the id of ${names(types).join(' or ')}, not of ${names([decoded.type])[0]}`,
      });
  });
