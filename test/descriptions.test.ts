import {
  getIntrospectionQuery,
  type IntrospectionField,
  type IntrospectionInputValue,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestServer, data } from './helpers.ts';

/** graphql-js's own scalars: the GraphQL specification describes them, not claimgraph. */
const builtInScalars = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

/** Whether a schema element has a description an analyst can read (not missing, not blank). */
const described = (element: { description?: string | null }) => Boolean(element.description?.trim());

/** Every type, field, argument, input field and enum value of the schema without a description. */
function undescribed(schema: IntrospectionQuery['__schema']): string[] {
  const missing: string[] = [];
  const checkArguments = (owner: string, args: readonly IntrospectionInputValue[]) => {
    for (const arg of args) if (!described(arg)) missing.push(`${owner}(${arg.name}:)`);
  };
  for (const type of schema.types) {
    if (type.name.startsWith('__') || builtInScalars.has(type.name)) continue;
    if (!described(type)) missing.push(type.name);
    if (type.kind === 'OBJECT' || type.kind === 'INTERFACE') {
      for (const field of type.fields as readonly IntrospectionField[]) {
        const name = `${type.name}.${field.name}`;
        if (!described(field)) missing.push(name);
        checkArguments(name, field.args);
      }
    }
    if (type.kind === 'INPUT_OBJECT') {
      for (const field of type.inputFields) if (!described(field)) missing.push(`${type.name}.${field.name}`);
    }
    if (type.kind === 'ENUM') {
      for (const value of type.enumValues) if (!described(value)) missing.push(`${type.name}.${value.name}`);
    }
  }
  for (const directive of schema.directives) checkArguments(`@${directive.name}`, directive.args);
  return missing;
}

describe('schema descriptions', () => {
  const server = createTestServer(null);
  afterAll(() => server.close());

  it('describes every type, field, argument, input field and enum value the server serves', async () => {
    const { __schema } = await data<IntrospectionQuery>(
      server.query(getIntrospectionQuery({ inputValueDeprecation: true })),
    );
    expect(undescribed(__schema)).toEqual([]);
  });

  it('counts a blank description as missing', () => {
    const schema = {
      types: [{ kind: 'ENUM', name: 'Metric', description: ' ', enumValues: [{ name: 'KILLED', description: '' }] }],
      directives: [],
    } as unknown as IntrospectionQuery['__schema'];
    expect(undescribed(schema)).toEqual(['Metric', 'Metric.KILLED']);
  });
});
