import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { renderGraphiQL } from 'graphql-yoga';

// Placeholder replaced by the GraphiQL helper: serves the installed bundle offline.
export function graphiqlAssets(): Plugin {
  return {};
}
export function renderOfflineGraphiQL(options: GraphiQLOptions) {
  return renderGraphiQL(options);
}
