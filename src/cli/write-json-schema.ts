import { writeFileSync } from 'node:fs';
import { jsonSchemaFiles, jsonSchemaFolder, jsonSchemaText } from '../dataset/json-schema.ts';

// npm run dataset:schema: regenerates the committed JSON Schemas from the zod schemas.
for (const name of Object.keys(jsonSchemaFiles) as (keyof typeof jsonSchemaFiles)[]) {
  writeFileSync(new URL(name, jsonSchemaFolder), jsonSchemaText(name));
  console.log(`wrote src/dataset/schema/${name}`);
}
