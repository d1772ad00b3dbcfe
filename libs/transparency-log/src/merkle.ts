/**
 * The Merkle tree of a transparency log, as RFC 9162 §2.1 (and RFC 6962 §2.1 before it) defines
 * it: pure functions over SHA-256, no I/O. A leaf's hash is SHA-256(0x00 || leaf), an interior
 * node's SHA-256(0x01 || left || right); the tree over n leaves splits at the largest power of two
 * below n. Indices are plain numbers: exact up to 2^53 leaves.
 */
import { createHash } from 'node:crypto';

export type Hash = Buffer;
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export const leafHash = (leaf: Uint8Array): Hash =>
  createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();

export const nodeHash = (left: Hash, right: Hash): Hash =>
  createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();

/** The root of the empty tree: SHA-256 of nothing (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** The largest power of two strictly below n (n > 1). */
const splitPoint = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

// Math.log2 is exact on powers of two.
const isPowerOfTwo = (n: number): boolean => n > 0 && Number.isInteger(Math.log2(n));

/**
 * Where the tree's nodes come from: `node(level, index)` is the hash of the perfect subtree over
 * leaves [index·2^level, (index+1)·2^level), which must be complete (all its leaves present).
 * A stored log answers from its table; `TreeLevels` from memory.
 */
export interface NodeSource {
  node(level: number, index: number): Hash;
}

/**
 * MTH(D[lo:hi]) for a range the RFC's recursions produce (lo a multiple of the largest power of
 * two not above hi - lo): a perfect subtree is one lookup, any other range splits once to the left
 * and recurses only on the right, so O(log n) lookups and hashes.
 */
export function subtreeHash(source: NodeSource, lo: number, hi: number): Hash {
  const n = hi - lo;
  if (n <= 0) throw new RangeError(`Empty subtree [${lo}, ${hi})`);
  if (isPowerOfTwo(n) && lo % n === 0) return source.node(Math.log2(n), lo / n);
  const k = splitPoint(n);
  return nodeHash(subtreeHash(source, lo, lo + k), subtreeHash(source, lo + k, hi));
}

/** The tree head's root hash of the first `size` leaves. */
export const treeRoot = (source: NodeSource, size: number): Hash =>
  size === 0 ? EMPTY_ROOT : subtreeHash(source, 0, size);

/** The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162 §2.1.3.1). */
export function inclusionProof(source: NodeSource, index: number, size: number): Hash[] {
  if (!(index >= 0 && index < size))
    throw new RangeError(`Leaf ${index} is not in a tree of ${size}`);
  const path = (m: number, lo: number, hi: number): Hash[] => {
    const n = hi - lo;
    if (n <= 1) return [];
    const k = splitPoint(n);
    return m < k
      ? [...path(m, lo, lo + k), subtreeHash(source, lo + k, hi)]
      : [...path(m - k, lo + k, hi), subtreeHash(source, lo, lo + k)];
  };
  return path(index, 0, size);
}

/** The proof that the tree of `first` leaves is a prefix of the tree of `second` (RFC 9162 §2.1.4.1). */
export function consistencyProof(source: NodeSource, first: number, second: number): Hash[] {
  if (!(first >= 0 && first <= second))
    throw new RangeError(`No consistency proof from ${first} to ${second} leaves`);
  if (first === 0 || first === second) return [];
  const subproof = (m: number, lo: number, hi: number, whole: boolean): Hash[] => {
    const n = hi - lo;
    if (m === n) return whole ? [] : [subtreeHash(source, lo, hi)];
    const k = splitPoint(n);
    return m <= k
      ? [...subproof(m, lo, lo + k, whole), subtreeHash(source, lo + k, hi)]
      : [...subproof(m - k, lo + k, hi, false), subtreeHash(source, lo, lo + k)];
  };
  return subproof(first, 0, second, true);
}

const lsb = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);
/** RFC 9162's "right-shift fn and sn equally until LSB(fn) is set or fn is 0". */
const shiftToRightChild = (fn: number, sn: number): [number, number] => {
  while (!lsb(fn) && fn !== 0) {
    fn = half(fn);
    sn = half(sn);
  }
  return [fn, sn];
};

/** Checks an audit path (RFC 9162 §2.1.3.2): does `leaf` sit at `index` under `root`? */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Hash,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      [fn, sn] = shiftToRightChild(fn, sn);
    } else r = nodeHash(r, p);
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** Checks a consistency proof (RFC 9162 §2.1.4.2): is `firstRoot`'s tree a prefix of `secondRoot`'s? */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Hash,
  secondRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0) return proof.length === 0 && firstRoot.equals(EMPTY_ROOT);
  if (!(first < second) || proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      [fn, sn] = shiftToRightChild(fn, sn);
    } else sr = nodeHash(sr, c);
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

/**
 * Every level of the tree over a list of leaf hashes, built bottom-up in one pass (2n hashes):
 * what a verifier rebuilds from the stored leaves, and then asks for any root or proof.
 * Each level is one Buffer of 32-byte hashes, so a million leaves cost 64 MB, not a million objects.
 */
export class TreeLevels implements NodeSource {
  private readonly levels: Buffer[] = [];

  constructor(leaves: Buffer /* concatenated 32-byte leaf hashes */) {
    let level = leaves;
    this.levels.push(level);
    while (level.length >= 2 * HASH_SIZE) {
      const pairs = Math.floor(level.length / (2 * HASH_SIZE));
      const next = Buffer.allocUnsafe(pairs * HASH_SIZE);
      for (let i = 0; i < pairs; i += 1) {
        const left = level.subarray(2 * i * HASH_SIZE, (2 * i + 1) * HASH_SIZE);
        const right = level.subarray((2 * i + 1) * HASH_SIZE, (2 * i + 2) * HASH_SIZE);
        nodeHash(left, right).copy(next, i * HASH_SIZE);
      }
      this.levels.push(next);
      level = next;
    }
  }

  get size(): number {
    return this.levels[0].length / HASH_SIZE;
  }

  node(level: number, index: number): Hash {
    const hashes = this.levels[level];
    if (!hashes || (index + 1) * HASH_SIZE > hashes.length)
      throw new RangeError(`No complete subtree at level ${level}, index ${index}`);
    return hashes.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }

  root(size = this.size): Hash {
    return treeRoot(this, size);
  }
}

/**
 * The nodes an append adds (RFC 9162 §2.1's tree, grown one leaf at a time): the leaf at level 0,
 * and for each perfect subtree it completes, that subtree's hash one level up: O(log n) lookups of
 * left siblings, amortised O(1).
 */
export function nodesCompletedBy(
  source: NodeSource,
  index: number,
  leaf: Hash,
): { level: number; index: number; hash: Hash }[] {
  const added = [{ level: 0, index, hash: leaf }];
  let hash = leaf;
  let i = index;
  let level = 0;
  while (lsb(i)) {
    hash = nodeHash(source.node(level, i - 1), hash);
    i = half(i);
    level += 1;
    added.push({ level, index: i, hash });
  }
  return added;
}
