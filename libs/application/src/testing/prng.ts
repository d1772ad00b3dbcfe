/**
 * A small seeded pseudo-random generator (mulberry32) for generated test histories: the same seed
 * gives the same sequence on every machine, so a failing history can be regenerated exactly.
 * Not for anything secret.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    // Spread small seeds (0, 1, 2, ...) over the whole state space.
    this.state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Up to `count` distinct items, in their original order. */
  some<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(this.int(0, items.length - 1));
    return items.filter((_, i) => chosen.has(i));
  }

  /** A version-4-shaped UUID drawn from this sequence. */
  uuid(): string {
    const hex = (n: number) =>
      Array.from({ length: n }, () => this.int(0, 15).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[this.int(0, 3)]}${hex(3)}-${hex(12)}`;
  }

  /** An independent generator for one part of the history (one pupil, say). */
  fork(label: number): Prng {
    return new Prng(
      (Math.floor(this.next() * 4294967296) ^ Math.imul(label + 1, 0x27d4eb2d)) >>> 0,
    );
  }
}
