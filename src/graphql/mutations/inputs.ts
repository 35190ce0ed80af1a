import type { InputFieldBuilder, InputFieldMap, InputObjectRef } from '@pothos/core';
import type { z } from 'zod';
import * as vocabulary from '../../db/schema.ts';
import { type RecordType, type RefSchema, recordFields } from '../../model/index.ts';
import { geometry } from '../../model/geometry.ts';
import { builder, type Types } from '../builder.ts';
import * as enums from '../types/enums.ts';
import { globalIdRef } from './ids.ts';

/**
 * The GraphQL input fields of every write, read off the model's zod fields (src/model/): a new
 * field of a record type is an input field without an edit here. What GraphQL needs beyond the
 * zod schema is below: the enum types, the names of nested input types, and descriptions.
 */

type Fields = InputFieldBuilder<Types, 'InputObject'>;
type Schema = z.ZodType & { def: Record<string, unknown> & { type: string } };

const date = 'A calendar date, YYYY-MM-DD.';

const descriptions: Record<string, Record<string, string>> = {
  actor: {
    name: "The body's name: 'Armed Forces of Ukraine'.",
    kind: 'What sort of body it is.',
    description: 'What the body is, in a sentence.',
    country: 'ISO 3166-1 alpha-2 code, e.g. UA.',
    parent: 'Global id of the Actor this one belongs to.',
  },
  official: {
    name: 'Left out (or null) for an unnamed source.',
    description: "How the person is described: 'a senior U.S. military official'.",
    roles: 'The bodies they serve; the first is part of their natural key. An update replaces them all.',
  },
  region: {
    name: "The place's name: 'Donetsk Oblast'.",
    kind: 'The level of the place: country, province, settlement.',
    country: 'ISO 3166-1 alpha-2 code, e.g. RU.',
    parent: 'Global id of the Region this one lies in.',
    geometry:
      'A GeoJSON geometry object (RFC 7946): `{ "type": "Polygon", "coordinates": [[[lon, lat], ...]] }`, longitude first, WGS 84 degrees. Null clears it.',
  },
  article: {
    title: 'The headline.',
    summary: 'What the article reports, in our words.',
    url: 'http(s) URL; an article is known by it.',
    outlet: 'Global id of the Actor that published it.',
    publishedAt: "ISO-8601 instant: '2024-12-17T09:30:00Z'.",
    citedSources: 'Global ids of the Actors it attributes reporting to.',
  },
  claim: {
    article: 'Global id of the Article.',
    statement: "The claim in the dataset's own words.",
    kind: 'What the claim is about: casualties, territory, a forecast.',
    attribution: "How firmly the source puts the claim: stated, 'reportedly', 'may'.",
    period: 'When the claim is about, as the source puts it.',
    claimant: 'Global id of the Official or Actor making the claim.',
    subjects: 'Global ids of the Actors the claim is about.',
    region: 'Global id of the Region the claim is about.',
    quantities: 'An update replaces them all.',
  },
  territoryChange: {
    region: 'Global id of the Region.',
    gainedBy: 'Global id of the Actor that gained ground.',
    lostBy: 'Global id of the Actor that lost ground.',
    claim: 'Global id of the Claim the change is recorded from.',
    article: 'Global id of the Article reporting it.',
    period: 'When the ground changed hands, as the source puts it.',
    amount: 'AREA_KM2 and/or SHARE quantities. An update replaces them all.',
  },
};

/** Input types for the nested objects of records, by the record field that holds them. */
const nestedTypes: Record<string, { name: string; description: string; fields: Record<string, string> }> = {
  period: {
    name: 'PeriodInput',
    description: 'When something happened, as precisely as the source says it: at least one field.',
    fields: { start: `First day. ${date}`, end: `Last day. ${date}`, text: "The source's wording: 'since August'." },
  },
  quantities: {
    name: 'QuantityInput',
    description:
      'A number as the source gave it. Counts are never negative, a SHARE is in [0, 1], low <= best <= high.',
    fields: {
      metric: 'What the number counts.',
      unit: "What is counted: 'soldiers'.",
      best: 'Point estimate.',
      low: 'Lower bound.',
      high: 'Upper bound.',
      approximate: 'Whether the source hedged the number.',
      phrase: "The source's wording: 'hundreds'. Needed when no number is given.",
    },
  },
  roles: {
    name: 'RoleInput',
    description: 'A position an official holds in a body.',
    fields: {
      actor: 'Global id of the Actor (the body).',
      title: "The position: 'Minister of Defence'.",
      since: `First day in the position. ${date}`,
      until: `Last day in the position. ${date}`,
    },
  },
};
nestedTypes.amount = nestedTypes.quantities!;
Object.assign(nestedTypes, {
  chain: {
    name: 'AttributionHopInput',
    description: 'One hop that carried a claim from its origin towards the reader.',
    fields: {
      source: 'Global id of the Official or Actor.',
      role: 'What the hop did: SPEAKER, RELAY or PUBLISHER (the origin is the claimant).',
    },
  },
  relations: {
    name: 'ClaimRelationInput',
    description: 'How the claim relates to an earlier claim.',
    fields: {
      kind: 'The relation.',
      claim: 'Global id of the earlier Claim.',
      note: 'Why, in our words.',
    },
  },
  sameSourceAs: {
    name: 'SameSourceInput',
    description: 'A reviewed judgement that an unnamed source is probably the same person as another.',
    fields: {},
  },
  derivedFrom: {
    name: 'QuantitySourceInput',
    description: 'A figure a derived figure is computed from: a claim and the position of the quantity in it.',
    fields: { claim: 'Global id of the Claim.' },
  },
});

/** The GraphQL enum of each of the model's value lists, matched by their values. */
const enumTypes = new Map<string, unknown>([
  [vocabulary.actorKinds.join(), enums.ActorKind],
  [vocabulary.regionKinds.join(), enums.RegionKind],
  [vocabulary.claimKinds.join(), enums.ClaimKind],
  [vocabulary.attributions.join(), enums.Attribution],
  [vocabulary.metrics.join(), enums.Metric],
  [vocabulary.stances.join(), enums.Stance],
  [vocabulary.relationKinds.join(), enums.RelationKind],
  [vocabulary.hopRoles.join(), enums.HopRole],
  [vocabulary.seniorities.join(), enums.Seniority],
  [vocabulary.sourceDomains.join(), enums.SourceDomain],
  [vocabulary.numberShapes.join(), enums.NumberShape],
  [vocabulary.ratePeriods.join(), enums.RatePeriod],
  [vocabulary.measures.join(), enums.Measure],
  [vocabulary.modalities.join(), enums.Modality],
  [vocabulary.derivations.join(), enums.Derivation],
]);

/** The record fields with every reference schema remembered, so that references become ID inputs. */
const references = new WeakSet<z.ZodType>();
const rememberedRef: RefSchema = (...types) => {
  const schema = globalIdRef(...types);
  references.add(schema);
  return schema;
};
const shapes = recordFields(rememberedRef);

/** The schema inside optional and default wrappers, whether it may be left out, and its default. */
function unwrap(schema: Schema) {
  let inner = schema;
  let optional = false;
  let defaultValue: unknown;
  while (inner.def.type === 'optional' || inner.def.type === 'default') {
    optional = true;
    if (inner.def.type === 'default') defaultValue = inner.def.defaultValue;
    inner = (inner as unknown as { unwrap(): Schema }).unwrap();
  }
  return { inner, optional, defaultValue };
}

const nestedRefs = new Map<string, InputObjectRef<Types, unknown>>();
function nestedInput(field: string, shape: Record<string, Schema>) {
  const nested = nestedTypes[field];
  if (!nested) throw new Error(`the model's nested field "${field}" has no GraphQL input type named`);
  let ref = nestedRefs.get(nested.name);
  if (!ref) {
    ref = builder.inputType(nested.name, {
      description: nested.description,
      fields: (t) => fieldsOf(t, shape, nested.fields, true),
    }) as InputObjectRef<Types, unknown>;
    nestedRefs.set(nested.name, ref);
  }
  return ref;
}

function inputField(t: Fields, name: string, schema: Schema, description: string | undefined, required: boolean) {
  const { inner, optional, defaultValue } = unwrap(schema);
  // A description given here wins; otherwise the model's own (`.describe()` in src/model/).
  const options = {
    required: required && !optional,
    description: description ?? schema.description ?? inner.description,
  };
  const list = inner.def.type === 'array';
  const item = list ? (inner.def.element as Schema) : inner;
  if (references.has(item)) return list ? t.idList(options) : t.id(options);
  // A value with a published shape of its own (GeoJSON) is passed as JSON; the model checks it.
  if (item === (geometry as unknown)) return t.field({ ...options, type: 'JSON' });
  switch (item.def.type) {
    case 'string':
      return list ? t.stringList(options) : t.string(options);
    case 'number':
      return list ? t.floatList(options) : t.float(options);
    case 'boolean':
      return list ? t.booleanList(options) : t.boolean({ ...options, defaultValue: defaultValue as boolean });
    case 'enum': {
      const type = enumTypes.get((item as unknown as { options: string[] }).options.join());
      if (!type) throw new Error(`the model's enum field "${name}" has no GraphQL enum type`);
      return t.field({ ...options, type: (list ? [type] : type) as never });
    }
    case 'object': {
      const type = nestedInput(name, (item as unknown as { shape: Record<string, Schema> }).shape);
      return t.field({ ...options, type: list ? [type] : type });
    }
    default:
      throw new Error(`the model's field "${name}" (${item.def.type}) has no GraphQL input form`);
  }
}

function fieldsOf(t: Fields, shape: Record<string, Schema>, described: Record<string, string>, required: boolean) {
  return Object.fromEntries(
    Object.entries(shape).map(([name, schema]) => [name, inputField(t, name, schema, described[name], required)]),
  ) as InputFieldMap;
}

/** The fields of a type's create input (required as the model says) or update input (none required). */
export const inputFields = (type: RecordType, t: Fields, create: boolean) =>
  fieldsOf(t, shapes[type] as unknown as Record<string, Schema>, descriptions[type] ?? {}, create);
