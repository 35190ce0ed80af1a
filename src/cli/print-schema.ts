import { writeFileSync } from 'node:fs';
import { graphql } from 'graphql';
import { schema } from '../graphql/schema.ts';

/**
 * Writes the subgraph SDL claimgraph serves at `_service { sdl }` (federation directives
 * included) to src/graphql/subgraph.graphql, the file composition tools and reviewers read.
 * test/federation.test.ts fails while the committed file differs from what the server serves.
 */
const subgraphSdlFile = new URL('../graphql/subgraph.graphql', import.meta.url);

const result = await graphql({ schema, source: '{ _service { sdl } }' });
const sdl = (result.data?._service as { sdl?: string } | undefined)?.sdl;
if (!sdl) throw new Error(`_service { sdl } failed: ${JSON.stringify(result.errors)}`);
writeFileSync(subgraphSdlFile, `${sdl}\n`);
console.log(`claimgraph: subgraph SDL written to ${subgraphSdlFile.pathname}`);
