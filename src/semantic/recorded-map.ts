/**
 * A map written in one pass and read, if at all, after it. Entries are
 * appended to a list and the map is built on the first read, with the same
 * order and values as setting them one by one. The checker records a type
 * and requirements for every expression, but compiling reads neither: this
 * way a compile never pays for hashing them.
 */
export class RecordedMap<K, V> implements ReadonlyMap<K, V> {
  /**
   * Keys and values alternating, until the map is built; in chunks of fixed
   * size allocated whole, so that recording never copies what it holds.
   */
  private chunks: unknown[][] = [];
  /** Slots used in the last chunk. */
  private used = chunkSize;
  private map: Map<K, V> | undefined;

  set(key: K, value: V): void {
    if (this.map) {
      this.map.set(key, value);
      return;
    }
    if (this.used === chunkSize) {
      this.chunks.push(new Array<unknown>(chunkSize));
      this.used = 0;
    }
    const chunk = this.chunks[this.chunks.length - 1]!;
    chunk[this.used++] = key;
    chunk[this.used++] = value;
  }

  get size(): number {
    return this.built().size;
  }

  get(key: K): V | undefined {
    return this.built().get(key);
  }

  has(key: K): boolean {
    return this.built().has(key);
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    this.built().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): MapIterator<[K, V]> {
    return this.built().entries();
  }

  keys(): MapIterator<K> {
    return this.built().keys();
  }

  values(): MapIterator<V> {
    return this.built().values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.built().entries();
  }

  private built(): Map<K, V> {
    if (!this.map) {
      const map = new Map<K, V>();
      this.chunks.forEach((chunk, index) => {
        const used = index === this.chunks.length - 1 ? this.used : chunkSize;
        for (let i = 0; i < used; i += 2) map.set(chunk[i] as K, chunk[i + 1] as V);
      });
      this.map = map;
      this.chunks = [];
    }
    return this.map;
  }
}

/** Slots per chunk (two per entry). */
const chunkSize = 1024;
