import {
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLUnionType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';

/**
 * The same schema with descriptions on what the federation library adds (`_entities`, `_service`
 * and their types `_Entity`, `_Any`, `_Service`), which it leaves undescribed. The library's type
 * objects are shared module-wide, so described copies replace them rather than being edited.
 */
export function describeFederation(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType()!;
  const { _entities: entities, _service: service, ...userFields } = query.toConfig().fields;
  if (!entities || !service) return schema;
  const entity = schema.getType('_Entity');
  const any = schema.getType('_Any');
  const serviceType = schema.getType('_Service');
  if (!isUnionType(entity) || !isScalarType(any) || !isObjectType(serviceType)) return schema;

  const Entity = new GraphQLUnionType({
    ...entity.toConfig(),
    description: 'Any claimgraph object another subgraph can refer to: every type with a global id.',
  });
  const Any = new GraphQLScalarType({
    ...any.toConfig(),
    description: 'A reference to an entity as a gateway sends it: `{ "__typename": "Claim", "id": "<global id>" }`.',
  });
  const Service = new GraphQLObjectType({
    ...serviceType.toConfig(),
    description: 'This subgraph as a federation gateway sees it.',
  });
  const { representations, ...otherArgs } = entities.args ?? {};
  const fields = {
    ...userFields,
    _entities: {
      ...entities,
      type: new GraphQLNonNull(new GraphQLList(Entity)),
      description:
        'For federation gateways: the entities these references name, in order; an error at the index of each bad one.',
      args: {
        ...otherArgs,
        representations: {
          ...representations!,
          type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Any))),
          description: 'References to claimgraph entities, each with `__typename` and a global `id`.',
        },
      },
    },
    _service: {
      ...service,
      type: new GraphQLNonNull(Service),
      description: "For federation gateways: this subgraph's SDL.",
    },
  };
  const schemaConfig = schema.toConfig();
  const replaced = new Set([query, entity, any, serviceType]);
  return new GraphQLSchema({
    ...schemaConfig,
    query: new GraphQLObjectType({ ...query.toConfig(), fields }),
    types: schemaConfig.types.filter((type) => !replaced.has(type as never)),
  });
}
