import { GraphQLObjectType, GraphQLSchema, lexicographicSortSchema, printSchema, specifiedDirectives } from 'graphql';
import { schema as servedSchema } from '../graphql/schema.ts';
import { federationFields, queryFields } from './field-order.ts';

/** The types the federation spec adds for gateways; no frontend queries them. */
const federationTypes = new Set([
  '_Any',
  '_Entity',
  '_Service',
  'FieldSet',
  '_FieldSet',
  'link__Import',
  'link__Purpose',
]);

/** What a frontend works from: the served schema without the federation spec's fields, types and directives. */
export function clientSchema(schema: GraphQLSchema = servedSchema): GraphQLSchema {
  const query = schema.getQueryType()!;
  const { config, fields } = queryFields(query, (name) => !federationFields.has(name));
  const schemaConfig = schema.toConfig();
  return lexicographicSortSchema(
    new GraphQLSchema({
      ...schemaConfig,
      query: new GraphQLObjectType({ ...config, fields }),
      types: schemaConfig.types.filter((type) => type !== query && !federationTypes.has(type.name)),
      directives: specifiedDirectives,
      extensions: {},
      astNode: undefined,
      extensionASTNodes: [],
    }),
  );
}

/** The client schema as SDL, the text `npm run schema:print` writes to schema.graphql. */
export const printClientSchema = (schema?: GraphQLSchema) => `${printSchema(clientSchema(schema))}\n`;
