import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codegen } from '@graphql-codegen/core';
import { preset } from '@graphql-codegen/client-preset';
import { buildSchema, parse } from 'graphql';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { printClientSchema } from '../src/federation/client-schema.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const committedSchema = readFileSync(join(root, 'schema.graphql'), 'utf8');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** Every named operation in the README's GraphQL blocks. */
const readmeOperations = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
  .map((match) => match[1]!)
  .filter((text) => /^\s*(query|mutation)\s+\w+/.test(text));

// Inside the repository, so the generated code resolves its imports from node_modules.
const out = mkdtempSync(join(root, 'node_modules', '.codegen-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the client schema and code generation', () => {
  it('schema.graphql is what the server serves, without federation (run `npm run schema:print`)', () => {
    expect(committedSchema, 'schema.graphql is stale: run `npm run schema:print`').toBe(printClientSchema());
    expect(committedSchema).not.toMatch(/_entities|_service|_Any|@key|link__/);
  });

  it("GraphQL Code Generator's client preset types the README's operations, and the result type-checks", async () => {
    expect(readmeOperations.length).toBeGreaterThanOrEqual(6);
    const schemaAst = buildSchema(committedSchema);
    const documents = readmeOperations.map((text, i) => ({
      document: parse(text),
      rawSDL: text,
      location: `readme-${i}.graphql`,
    }));
    const sections = await preset.buildGeneratesSection({
      baseOutputDir: `${out}/gql/`,
      schema: parse(committedSchema),
      schemaAst,
      documents,
      config: {},
      presetConfig: {},
      plugins: [],
      pluginMap: {},
    });
    for (const section of sections) {
      const code = await codegen(section);
      mkdirSync(dirname(section.filename), { recursive: true });
      writeFileSync(section.filename, code);
    }
    const graphql = readFileSync(join(out, 'gql', 'graphql.ts'), 'utf8');
    for (const name of ['CasualtyClaimsInKurskQuery', 'WhoSaysHowManyQuery', 'NewClaimMutation'])
      expect(graphql).toContain(`export type ${name} =`);

    // A frontend's use of the generated types (bundler resolution, as in a Vite or Next.js app): wrong field names would not compile.
    writeFileSync(
      join(out, 'use.ts'),
      `import type { CasualtyClaimsInKurskQuery } from './gql/graphql';
       export const statements = (data: CasualtyClaimsInKurskQuery): string[] =>
         data.claims.edges.map((edge) => edge.node.statement);
       export const total = (data: CasualtyClaimsInKurskQuery): number => data.claims.totalCount;`,
    );
    const program = ts.createProgram([join(out, 'use.ts'), join(out, 'gql', 'index.ts')], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});
