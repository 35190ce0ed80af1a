import { encodeGlobalID } from '@pothos/plugin-relay';
import { type GraphQLSchema, isObjectType } from 'graphql';
import { builder } from './builder.ts';
import './types/actor.ts';
import './types/article.ts';
import './types/claim.ts';
import './types/claim-stats.ts';
import './types/official.ts';
import './types/region.ts';
import './types/search.ts';
import './types/territory-change.ts';
import { federationFieldsLast } from '../federation/field-order.ts';
import { guardEntities } from './federation.ts';
import './mutations/mutations.ts';

/**
 * Plugin-relay resolves every node's `id` with an async function, so each object holding an id
 * completes through a promise: a third of the time of a deep page. The encoding is the plugin's
 * own (`encodeGlobalID`, no custom encoder is configured), done synchronously.
 */
function resolveNodeIdsSynchronously(schema: GraphQLSchema) {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) continue;
    const typename = type.name;
    type.getFields().id!.resolve = (row: { id: number }) => encodeGlobalID(typename, String(row.id));
  }
  return schema;
}

/** The schema Yoga serves: the public read contract sorted by name, then `_entities`/`_service`. */
export const schema = federationFieldsLast(guardEntities(resolveNodeIdsSynchronously(builder.toSubGraphSchema({}))));
