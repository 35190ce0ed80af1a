import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { composeSupergraph, type SubgraphService } from '../federation/compose.ts';

const usage = `Composes a federation supergraph from running subgraphs (or their SDL files).

  npm run supergraph:compose -- --service NAME=URL [--service NAME=URL ...] [--schema NAME=FILE ...] [--out FILE]

  --service NAME=URL   a subgraph and the URL the gateway sends its operations to; its SDL is
                       read from URL through _service { sdl } unless --schema gives a file
  --schema NAME=FILE   read NAME's SDL from FILE instead (claimgraph's is src/graphql/subgraph.graphql)
  --out FILE           write the supergraph SDL to FILE (default: standard output)`;

function pairs(values: string[] | undefined, flag: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const value of values ?? []) {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1) throw new Error(`${flag} wants NAME=VALUE, got "${value}"`);
    map.set(value.slice(0, at), value.slice(at + 1));
  }
  return map;
}

try {
  const { values } = parseArgs({
    options: {
      service: { type: 'string', multiple: true },
      schema: { type: 'string', multiple: true },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const urls = pairs(values.service, '--service');
  const files = pairs(values.schema, '--schema');
  if (urls.size === 0) throw new Error('give at least one --service NAME=URL');
  for (const name of files.keys()) {
    if (!urls.has(name)) throw new Error(`--schema names "${name}", which no --service gives a URL for`);
  }
  const services: SubgraphService[] = [...urls].map(([name, url]) => ({
    name,
    url,
    sdl: files.has(name) ? readFileSync(files.get(name)!, 'utf8') : undefined,
  }));
  const supergraph = await composeSupergraph(services);
  if (values.out) {
    writeFileSync(values.out, supergraph);
    console.error(`supergraph of ${services.map((s) => s.name).join(', ')} written to ${values.out}`);
  } else {
    process.stdout.write(supergraph);
  }
} catch (error) {
  console.error(`compose-supergraph: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  process.exit(1);
}
