/**
 * A Map for keys whose values come and go all the time (a room's queue tail, the batch of commands
 * waiting for it): when a key's value goes, its entry stays, vacant, so a room keeps one entry
 * however often its value changes. Entries that stay vacant go in bulk: when a new key comes and a
 * period (a minute by default) has passed since the last prune, the entries vacant since before
 * that prune are deleted. So the Map holds the keys used in the last one or two periods, and
 * rebuilds its table about once a period, not every few commands.
 *
 * Why not `set` and `delete` on a plain Map: every few inserts after deletes, V8 rebuilds a Map's
 * hash table (OrderedHashTable::Rehash), allocating the new table in the generation the old one is
 * in, and leaving the old table, obsolete, with every value it held. Once a churning Map's table is
 * in the old generation (a full collection while it was live is enough), every table after it is
 * made there too, and each obsolete one keeps the values it held alive through every scavenge
 * until the next mark-compact (the scavenger takes an old object's pointers into the young
 * generation as roots, dead or not). For the room service's Maps those values were commands in
 * flight, and through them their results, facts and states: in the closed loop a quarter of the
 * young generation was copied at each scavenge and promoted, 16 ms scavenges against 2-5, and the
 * server stayed so for good (docs/performance.md, item 44). Writing a new value over a held entry
 * rebuilds nothing.
 */
export class SlotMap<K, V extends object> {
  /** A value, or for a vacant entry the prune period in which it was vacated. */
  private readonly slots = new Map<K, V | number>();
  private held = 0;
  /** Prune periods so far; an entry vacant since an earlier one has been idle a whole period. */
  private period = 0;
  private periodStart: number;

  /** `now`: milliseconds (a clock that steps back only delays a prune); `periodMs`: how long a vacant entry is kept at least (twice that at most). */
  constructor(private readonly now: () => number, private readonly periodMs = 60_000) {
    this.periodStart = now();
  }

  get(key: K): V | undefined {
    const value = this.slots.get(key);
    return typeof value === 'object' ? value : undefined;
  }

  set(key: K, value: V): void {
    const had = this.slots.get(key);
    if (typeof had !== 'object') {
      if (had === undefined) this.pruneIfDue();
      this.held++;
    }
    this.slots.set(key, value);
  }

  /** Let the key's value go: `get` answers undefined; the entry itself goes once it has stayed vacant a whole period. */
  vacate(key: K): void {
    if (typeof this.slots.get(key) !== 'object') return;
    this.slots.set(key, this.period);
    this.held--;
  }

  /** The keys that have a value, in the order they first came. */
  heldKeys(): K[] {
    const keys: K[] = [];
    for (const [key, value] of this.slots) if (typeof value === 'object') keys.push(key);
    return keys;
  }

  /** Keys with a value. */
  get size(): number {
    return this.held;
  }

  /** Entries kept, vacant ones included. */
  get entries(): number {
    return this.slots.size;
  }

  /** At a new key, once a period has passed: drop the entries vacant since before the period began. */
  private pruneIfDue(): void {
    const t = this.now();
    if (t - this.periodStart < this.periodMs) return;
    for (const [key, value] of this.slots) if (typeof value === 'number' && value < this.period) this.slots.delete(key);
    this.period++;
    this.periodStart = t;
  }
}
