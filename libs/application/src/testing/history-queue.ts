/** A min-heap of scheduled steps, by business instant and then by the order they were scheduled. */
export interface Scheduled<T> {
  instant: string;
  seq: number;
  item: T;
}

const before = <T>(a: Scheduled<T>, b: Scheduled<T>) =>
  a.instant < b.instant || (a.instant === b.instant && a.seq < b.seq);

export class StepQueue<T> {
  private readonly heap: Scheduled<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(instant: string, item: T): void {
    const heap = this.heap;
    heap.push({ instant, seq: this.seq++, item });
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  pop(): Scheduled<T> | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length && last) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  }
}
