import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFiles, jsonSchemaFolder, jsonSchemaText } from '../src/dataset/json-schema.ts';

describe('the committed JSON Schemas of the dataset format', () => {
  it.each(Object.keys(jsonSchemaFiles) as (keyof typeof jsonSchemaFiles)[])(
    '%s is what the zod schemas generate (else: npm run dataset:schema)',
    (name) => {
      expect(readFileSync(new URL(name, jsonSchemaFolder), 'utf8')).toBe(jsonSchemaText(name));
    },
  );

  it('describes every record type, strictly', () => {
    const schema = JSON.parse(jsonSchemaText('claimgraph-dataset-line.schema.json'));
    const records = schema.anyOf[1].oneOf;
    expect(records.map((r: { properties: { type: { const: string } } }) => r.properties.type.const)).toEqual([
      'actor',
      'official',
      'region',
      'article',
      'claim',
      'territoryChange',
    ]);
    expect(records.every((r: { additionalProperties: boolean }) => r.additionalProperties === false)).toBe(true);
  });
});
