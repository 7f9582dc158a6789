/**
 * The allow and block lists of every cluster, in insertion order, keyed by the
 * (attribute, operator, value) triple so a duplicate check or a delete costs O(1) on any size.
 */
import type { ListName } from './entry-rules.ts';

/** An entry as stored: `comment` is `''` when there is none. */
export interface ListEntry {
  attribute: string;
  operator: string;
  value: string;
  comment: string;
}

/** An entry as given to seed a list or read from a state file. */
export interface EntryInput {
  attribute: string;
  operator: string;
  value: string;
  comment?: string | null | undefined;
}

/** An entry as the API's GET returns it: no `comment` key when the comment is empty. */
export interface WireEntry {
  attribute: string;
  operator: string;
  value: string;
  comment?: string;
}

export type Triple = Pick<ListEntry, 'attribute' | 'operator' | 'value'>;

/** Seed lists per cluster; a list left out stays as it was. */
export type ListSeed = Record<
  string,
  { allow?: readonly EntryInput[] | undefined; block?: readonly EntryInput[] | undefined }
>;

// JSON keeps the three parts apart whatever characters a value holds.
const keyOf = (entry: Triple): string =>
  JSON.stringify([entry.attribute, entry.operator, entry.value]);

// A copy of the four fields only, so no caller's extra keys or later edits reach the store.
const toStored = ({ attribute, operator, value, comment }: EntryInput): ListEntry => ({
  attribute,
  operator,
  value,
  comment: comment ?? '',
});

export class EntryList {
  // A Map iterates in insertion order, which is the order GET returns.
  #entries = new Map<string, ListEntry>();

  /** @returns false when the triple is already there. */
  add(entry: ListEntry): boolean {
    const key = keyOf(entry);
    if (this.#entries.has(key)) return false;

    this.#entries.set(key, toStored(entry));
    return true;
  }

  /** @returns false when the exact triple is not there; the comment plays no part. */
  delete(triple: Triple): boolean {
    return this.#entries.delete(keyOf(triple));
  }

  /** Replaces every entry; throws on a repeated triple, leaving the list as it was. */
  replace(entries: readonly EntryInput[]): void {
    const next = new Map<string, ListEntry>();
    for (const entry of entries) {
      const key = keyOf(entry);
      if (next.has(key)) throw new Error(`duplicate entry ${key}`);

      next.set(key, toStored(entry));
    }

    this.#entries = next;
  }

  get size(): number {
    return this.#entries.size;
  }

  all(): ListEntry[] {
    return Array.from(this.#entries.values(), (entry) => ({ ...entry }));
  }

  toWire(): WireEntry[] {
    return Array.from(this.#entries.values(), ({ attribute, operator, value, comment }) =>
      comment === '' ? { attribute, operator, value } : { attribute, operator, value, comment },
    );
  }
}

export class ListStore {
  readonly #clusters = new Map<string, Record<ListName, EntryList>>();

  list(clusterId: string, list: ListName): EntryList {
    let lists = this.#clusters.get(clusterId);
    if (lists === undefined) {
      lists = { allow: new EntryList(), block: new EntryList() };
      this.#clusters.set(clusterId, lists);
    }
    return lists[list];
  }

  /** Every cluster that holds an entry, in the shape of a state file or a seed. */
  toSeed(): Record<string, { allow: WireEntry[]; block: WireEntry[] }> {
    const seed: Record<string, { allow: WireEntry[]; block: WireEntry[] }> = {};
    for (const [clusterId, lists] of this.#clusters) {
      if (lists.allow.size === 0 && lists.block.size === 0) continue;

      seed[clusterId] = { allow: lists.allow.toWire(), block: lists.block.toWire() };
    }
    return seed;
  }

  /** @throws naming the cluster and list that repeats a triple. */
  applySeed(seed: ListSeed): void {
    for (const [clusterId, lists] of Object.entries(seed)) {
      for (const list of ['allow', 'block'] as const) {
        const entries = lists[list];
        if (entries === undefined) continue;

        try {
          this.list(clusterId, list).replace(entries);
        } catch (error) {
          throw new Error(`${list} list of cluster ${clusterId}: ${(error as Error).message}`);
        }
      }
    }
  }
}
