import { z } from 'zod';
import { datasetLineSchema, datasetSchema } from './format.ts';

/**
 * JSON Schemas of the dataset format, generated from the zod schemas the importer and the API
 * validate with (`npm run dataset:schema` writes them; a test fails when the committed copies are
 * stale). Rules that span fields (low <= high, start <= end, a SHARE within [0, 1]) and references
 * between records are beyond JSON Schema: the importer checks those too.
 */
export const jsonSchemaFiles = {
  'claimgraph-dataset.schema.json': {
    schema: datasetSchema,
    title: 'claimgraph dataset (JSON form)',
    description: 'A whole dataset as one JSON object: the header fields and every record.',
  },
  'claimgraph-dataset-line.schema.json': {
    schema: datasetLineSchema,
    title: 'claimgraph dataset (one NDJSON line)',
    description: 'One line of the NDJSON form: the optional header on the first line, then one record a line.',
  },
};

// '../dataset/' rather than './': the same folder from the server bundle in dist/cli (scripts/build-dist.mjs).
export const jsonSchemaFolder = new URL('../dataset/schema/', import.meta.url);

export function jsonSchemaText(name: keyof typeof jsonSchemaFiles): string {
  const { schema, title, description } = jsonSchemaFiles[name];
  const generated = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...generated, title, description }, null, 2)}\n`;
}
