import { builder } from '../builder.ts';
import { connectionOf } from '../connection.ts';

/**
 * The node types and their shared connections, declared before any of their fields so that the
 * files adding fields (and the filters naming node types) import in one direction: they all import
 * these refs, and none imports another type file for a ref.
 */

/** A loaded actors or officials row. */
export type ClaimantRow = { id: number; name: string | null };

export const Claimant = builder.interfaceRef<ClaimantRow>('Claimant');

export const Actor = builder.drizzleNode('actors', {
  name: 'Actor',
  description: 'A body that acts, speaks or is spoken about: a state, an armed force or unit, an outlet, a group.',
  interfaces: () => [Claimant],
  id: { column: (a) => a.id },
});

export const Article = builder.drizzleNode('articles', {
  name: 'Article',
  description: 'A piece of reporting; the claims in it are coded one by one.',
  id: { column: (a) => a.id },
  // The summary is the one long text of a row every page of claims carries: loaded only when asked for.
  select: { columns: { summary: false } },
});

export const Claim = builder.drizzleNode('claims', {
  name: 'Claim',
  description: 'One statement in an article: who said what, about whom, where, when and how much.',
  id: { column: (c) => c.id },
});

export const Official = builder.drizzleNode('officials', {
  name: 'Official',
  description: 'A person who speaks for a body, named or not ("a senior U.S. military official").',
  interfaces: () => [Claimant],
  id: { column: (o) => o.id },
});

export const Region = builder.drizzleNode('regions', {
  name: 'Region',
  description: 'A place: a country, a province inside it, and so on down.',
  id: { column: (r) => r.id },
  // A region's shape can be a polygon of thousands of points: loaded only when asked for, not with
  // the region of every claim on a page.
  select: { columns: { geometry: false } },
});

export const TerritoryChange = builder.drizzleNode('territoryChanges', {
  name: 'TerritoryChange',
  description: 'Ground changing hands in a region: who gained it, who lost it, how much, when.',
  id: { column: (c) => c.id },
});

export const ActorConnection = connectionOf(Actor, 'Actor');
export const ArticleConnection = connectionOf(Article, 'Article');
export const ClaimConnection = connectionOf(Claim, 'Claim');
export const OfficialConnection = connectionOf(Official, 'Official');
export const RegionConnection = connectionOf(Region, 'Region');
export const TerritoryChangeConnection = connectionOf(TerritoryChange, 'TerritoryChange');
