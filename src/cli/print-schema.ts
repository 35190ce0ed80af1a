import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { graphql } from 'graphql';
import { printClientSchema } from '../federation/client-schema.ts';
import { schema } from '../graphql/schema.ts';

/**
 * Writes the two SDL files and prints the first:
 * - schema.graphql at the repository root: what frontends and code generators work from
 *   (no `_entities`, `_service` or federation directives);
 * - src/graphql/subgraph.graphql: the subgraph SDL served at `_service { sdl }`, federation
 *   directives included, for composition tools.
 * test/federation.test.ts and test/codegen.test.ts fail while a committed file differs from the server.
 */
const clientSchemaFile = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
const subgraphSdlFile = fileURLToPath(new URL('../graphql/subgraph.graphql', import.meta.url));

const result = await graphql({ schema, source: '{ _service { sdl } }' });
const sdl = (result.data?._service as { sdl?: string } | undefined)?.sdl;
if (!sdl) throw new Error(`_service { sdl } failed: ${JSON.stringify(result.errors)}`);
writeFileSync(subgraphSdlFile, `${sdl}\n`);

const clientSdl = printClientSchema();
writeFileSync(clientSchemaFile, clientSdl);
process.stdout.write(clientSdl);
console.error(`claimgraph: client schema written to ${clientSchemaFile}, subgraph SDL to ${subgraphSdlFile}`);
