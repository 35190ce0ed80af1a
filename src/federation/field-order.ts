import { GraphQLObjectType, GraphQLSchema } from 'graphql';

/** The root fields the federation spec adds for gateways; no frontend queries them. */
export const federationFields = new Set(['_entities', '_service']);

export function queryFields(query: GraphQLObjectType, keep: (name: string) => boolean) {
  const { fields, ...config } = query.toConfig();
  return { config, fields: Object.fromEntries(Object.entries(fields).filter(([name]) => keep(name))) };
}

/**
 * The same schema with `_entities` and `_service` after the user's fields: schema order is the
 * order GraphiQL's docs and code generators list them in, and sorting by name put them first.
 */
export function federationFieldsLast(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType()!;
  const { config, fields } = queryFields(query, () => true);
  const ordered = Object.fromEntries([
    ...Object.entries(fields).filter(([name]) => !federationFields.has(name)),
    ...Object.entries(fields).filter(([name]) => federationFields.has(name)),
  ]);
  const schemaConfig = schema.toConfig();
  return new GraphQLSchema({
    ...schemaConfig,
    query: new GraphQLObjectType({ ...config, fields: ordered }),
    types: schemaConfig.types.filter((type) => type !== query),
  });
}
