import type { RoomFact } from '../../shared/protocol/index.js';

/** A log's bytes are written in blocks of this size; a fact larger than a block gets a buffer of its own. */
export const BLOCK_BYTES = 64 * 1024;
const COMMA = 0x2c;

/**
 * The memory of the embedded store's logs: fixed-size blocks in large buffers reserved when the
 * store is made, handed to logs as they grow and taken back when their session is dropped.
 *
 * Why reserved up front: on Node 20 (V8 11.3), external memory that keeps growing while the server
 * serves (a log's chunks allocated as it grows) makes V8 start full collections, and one with commands in
 * flight moved the room service's churning Map tables to the old generation, after which a quarter
 * of the young generation was promoted at every scavenge (docs/performance.md, items 41 and 44;
 * SlotMap in server/room/slot-map.ts removed that mechanism). Reserved memory also spares the
 * allocation and the first-touch page faults of a chunk per 64 KB of log. Only untouched pages of a
 * reservation cost no RAM: the operating system commits a page when it is first written, so a
 * reservation is address space and V8's external-memory count, not resident memory.
 */
export class LogArena {
  private readonly slabs: Buffer[] = [];
  private readonly free: number[] = [];
  /** Blocks of the last slab handed out so far. */
  private fresh = 0;
  private readonly blocksPerSlab: number;

  constructor(reserveBytes: number) {
    this.blocksPerSlab = Math.max(1, Math.floor(reserveBytes / BLOCK_BYTES));
    this.grow();
  }

  /** A block no log holds: one given back, else a fresh one (another slab when the reservation is used up). */
  take(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.fresh === this.blocksPerSlab) this.grow();
    return (this.slabs.length - 1) * this.blocksPerSlab + this.fresh++;
  }

  give(block: number): void {
    this.free.push(block);
  }

  /** The buffer a block is in, and where in it the block starts. */
  slabOf(block: number): Buffer {
    return this.slabs[Math.floor(block / this.blocksPerSlab)] as Buffer;
  }
  startOf(block: number): number {
    return (block % this.blocksPerSlab) * BLOCK_BYTES;
  }

  /** Blocks held by logs, and slabs reserved. */
  usage(): { blocks: number; slabs: number } {
    return { blocks: (this.slabs.length - 1) * this.blocksPerSlab + this.fresh - this.free.length, slabs: this.slabs.length };
  }

  private grow(): void {
    this.slabs.push(Buffer.allocUnsafeSlow(this.blocksPerSlab * BLOCK_BYTES));
    this.fresh = 0;
  }
}

/**
 * Where a chunk of a log is: an arena block, or (for a fact larger than a block) a buffer of its
 * own; `end`, once the chunk is full, where its last fact ends.
 */
type Chunk = { buffer: Buffer; start: number; block: number | null; end: number };

/**
 * One room's log as bytes outside the JS heap: each fact's JSON, preceded by a comma, in chunks,
 * and which chunk each fact is in and where it ends. A log only grows, and the garbage collector
 * copies what lives in its young generation (twice, before it is old): facts kept as objects were
 * a few kilobytes per decision copied by every scavenge; bytes outside the heap are not copied at
 * all. Every byte is written once (no buffer that doubles and copies the log into fresh memory:
 * on this VM the first write to a page costs ~4 µs per KB, more than the JSON it holds).
 */
export class LogBytes {
  private readonly chunks: Chunk[] = [];
  /** Bytes used in the last chunk. */
  private used = BLOCK_BYTES;
  /** For the fact with seq i + 1: the index of its chunk, and where in it the fact ends. */
  private chunkOf = new Uint32Array(16);
  private ends = new Uint32Array(16);
  length = 0;

  constructor(private readonly arena: LogArena) {}

  /** Add one fact, given its JSON text (written after its comma, not joined to it: no copy of the text). */
  push(json: string): void {
    const size = 1 + Buffer.byteLength(json);
    if (this.used + size > BLOCK_BYTES) this.newChunk(size);
    const chunk = this.chunks[this.chunks.length - 1] as Chunk;
    chunk.buffer[chunk.start + this.used++] = COMMA;
    this.used += chunk.buffer.write(json, chunk.start + this.used);
    if (this.length === this.ends.length) {
      this.chunkOf = grown(this.chunkOf);
      this.ends = grown(this.ends);
    }
    this.chunkOf[this.length] = this.chunks.length - 1;
    this.ends[this.length++] = this.used;
  }

  /** The facts after seq `after`, parsed: every reader gets its own copy. */
  read(after: number): RoomFact[] {
    const from = Math.max(0, after);
    if (from >= this.length) return [];
    const first = this.chunkOf[from] as number;
    const last = this.chunkOf[this.length - 1] as number;
    let text = '';
    for (let c = first; c <= last; c++) {
      const chunk = this.chunks[c] as Chunk;
      // Skip the first fact's comma; the others separate the facts.
      const begin = c === first ? (from > 0 && this.chunkOf[from - 1] === first ? (this.ends[from - 1] as number) : 0) + 1 : 0;
      const end = c === last ? this.used : chunk.end;
      text += chunk.buffer.toString('utf8', chunk.start + begin, chunk.start + end);
    }
    return JSON.parse(`[${text}]`) as RoomFact[];
  }

  /** Give the log's blocks back to the arena: the session is gone. */
  release(): void {
    for (const chunk of this.chunks) if (chunk.block !== null) this.arena.give(chunk.block);
    this.chunks.length = 0;
    this.used = BLOCK_BYTES;
  }

  private newChunk(size: number): void {
    const full = this.chunks[this.chunks.length - 1];
    if (full) full.end = this.used;
    if (size > BLOCK_BYTES) {
      this.chunks.push({ buffer: Buffer.allocUnsafeSlow(size), start: 0, block: null, end: 0 });
    } else {
      const block = this.arena.take();
      this.chunks.push({ buffer: this.arena.slabOf(block), start: this.arena.startOf(block), block, end: 0 });
    }
    this.used = 0;
  }
}

function grown(array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
