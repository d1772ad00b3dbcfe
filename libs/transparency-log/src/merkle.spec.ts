import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  nodeHash,
  nodesCompletedBy,
  NodeSource,
  TreeLevels,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

// The Certificate Transparency reference test vectors (RFC 6962 trees over these eight inputs),
// as published with the CT implementations: the inputs, the root of the first n for n = 1..8,
// and some audit paths and consistency proofs over them.
const INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((hex) => Buffer.from(hex, 'hex'));
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION: { index: number; size: number; path: string[] }[] = [
  { index: 0, size: 1, path: [] },
  {
    index: 0,
    size: 8,
    path: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    path: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    index: 2,
    size: 3,
    path: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'],
  },
  {
    index: 1,
    size: 5,
    path: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];
const CONSISTENCY: { first: number; second: number; proof: string[] }[] = [
  { first: 1, second: 1, proof: [] },
  {
    first: 1,
    second: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    first: 6,
    second: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    first: 2,
    second: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const hex = (hashes: Buffer[]) => hashes.map((h) => h.toString('hex'));
const unhex = (hashes: string[]) => hashes.map((h) => Buffer.from(h, 'hex'));
const levelsOf = (inputs: Buffer[]) => new TreeLevels(Buffer.concat(inputs.map(leafHash)));
const tree = levelsOf(INPUTS);
const root = (size: number) => Buffer.from(ROOTS[size], 'hex');

/** The RFC's recursive definition of MTH, written out plainly, to compare the fast paths against. */
const mth = (leaves: Buffer[]): Buffer => {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leafHash(leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
};

describe('the Merkle tree of the transparency log (RFC 9162 §2.1)', () => {
  it.each(ROOTS.map((r, size) => [size, r]))(
    'gives the reference root for the first %i inputs',
    (size, expected) => {
      expect(treeRoot(tree, size as number).toString('hex')).toBe(expected);
    },
  );

  it.each(INCLUSION)(
    'gives and accepts the reference audit path of leaf $index in a tree of $size',
    ({ index, size, path }) => {
      expect(hex(inclusionProof(tree, index, size))).toEqual(path);
      expect(verifyInclusion(index, size, leafHash(INPUTS[index]), unhex(path), root(size))).toBe(
        true,
      );
    },
  );

  it.each(CONSISTENCY)(
    'gives and accepts the reference consistency proof from $first to $second',
    ({ first, second, proof }) => {
      expect(hex(consistencyProof(tree, first, second))).toEqual(proof);
      expect(verifyConsistency(first, second, root(first), root(second), unhex(proof))).toBe(true);
    },
  );

  it('refuses an audit path for another leaf, a wrong root or a tampered path', () => {
    const path = inclusionProof(tree, 5, 8);
    expect(verifyInclusion(5, 8, leafHash(INPUTS[4]), path, root(8))).toBe(false);
    expect(verifyInclusion(5, 8, leafHash(INPUTS[5]), path, root(7))).toBe(false);
    expect(verifyInclusion(4, 8, leafHash(INPUTS[5]), path, root(8))).toBe(false);
    expect(verifyInclusion(5, 8, leafHash(INPUTS[5]), path.slice(1), root(8))).toBe(false);
    expect(verifyInclusion(8, 8, leafHash(INPUTS[5]), path, root(8))).toBe(false);
  });

  it('refuses a consistency proof between trees that are not prefix and extension', () => {
    const proof = consistencyProof(tree, 3, 7);
    expect(verifyConsistency(3, 7, root(3), root(7), proof)).toBe(true);
    const rewritten = levelsOf([
      INPUTS[0],
      INPUTS[1],
      Buffer.from('rewritten'),
      ...INPUTS.slice(3),
    ]);
    expect(
      verifyConsistency(3, 7, root(3), rewritten.root(7), consistencyProof(rewritten, 3, 7)),
    ).toBe(false);
    expect(verifyConsistency(3, 7, root(3), root(7), proof.slice(1))).toBe(false);
    expect(verifyConsistency(3, 7, root(3), root(6), proof)).toBe(false);
    expect(verifyConsistency(7, 3, root(7), root(3), proof)).toBe(false);
    expect(verifyConsistency(0, 7, root(0), root(7), [])).toBe(true);
  });

  it('agrees with the plain recursive definition for every size, path and proof up to 70 leaves', () => {
    const inputs = Array.from({ length: 70 }, (_, i) => Buffer.from(`event ${i}`));
    const big = levelsOf(inputs);
    for (let size = 1; size <= inputs.length; size += 1) {
      const r = mth(inputs.slice(0, size));
      expect(big.root(size).equals(r)).toBe(true);
      for (let index = 0; index < size; index += 7)
        expect(
          verifyInclusion(
            index,
            size,
            leafHash(inputs[index]),
            inclusionProof(big, index, size),
            r,
          ),
        ).toBe(true);
      for (let first = 1; first <= size; first += 5)
        expect(
          verifyConsistency(
            first,
            size,
            mth(inputs.slice(0, first)),
            r,
            consistencyProof(big, first, size),
          ),
        ).toBe(true);
    }
  });

  it('grows by appends to the same nodes as a tree built at once', () => {
    const stored = new Map<string, Buffer>();
    const source: NodeSource = {
      node: (level, index) => {
        const hash = stored.get(`${level}/${index}`);
        if (!hash) throw new Error(`missing ${level}/${index}`);
        return hash;
      },
    };
    const inputs = Array.from({ length: 37 }, (_, i) => Buffer.from(`event ${i}`));
    inputs.forEach((input, index) => {
      for (const n of nodesCompletedBy(source, index, leafHash(input)))
        stored.set(`${n.level}/${n.index}`, n.hash);
      expect(treeRoot(source, index + 1).equals(mth(inputs.slice(0, index + 1)))).toBe(true);
    });
  });
});
