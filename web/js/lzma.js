// An LZMA decoder, for the page's embedded wasm: LZMA packs it about a sixth smaller than
// the best gzip (tools/embed-wasm.mjs measures both), and the browser has no LZMA of its
// own. Written from the format's description (the LZMA specification in the xz/7-Zip
// documentation): a range decoder with adaptive bit probabilities, literals coded
// after the previous byte, lengths and distances coded by bit trees, four repeated
// distances, and a twelve-state machine.
//
// Input: an ".lzma" stream (5 property bytes, the 8-byte unpacked size, the data), as
// tools/embed-wasm.mjs writes it, with the size always known. Output: the bytes. A
// stream that is damaged or cut short throws; it never reads or writes out of bounds.

const PROB_INIT = 1024; // half of 2^11
const STATES = 12;
const LEN_LOW = 8;
const LEN_MID = 8;
const LEN_HIGH = 256;
const END_POS_MODEL = 14;
const FULL_DISTANCES = 128;
const ALIGN_BITS = 4;
const MATCH_MIN = 2;
const SIGN = -0x80000000;

function probs(count) {
  return new Uint16Array(count).fill(PROB_INIT);
}

/** Decode an `.lzma` stream. */
export function lzmaDecode(input) {
  if (input.length < 13) throw new Error("lzma: the stream is too short");
  let d = input[0];
  if (d >= 9 * 5 * 5) throw new Error("lzma: bad properties");
  const lc = d % 9;
  d = (d - lc) / 9;
  const lp = d % 5;
  const pb = (d - lp) / 5;
  let dictSize = 0;
  for (let i = 0; i < 4; i += 1) dictSize += input[1 + i] * 2 ** (8 * i);
  let size = 0;
  for (let i = 0; i < 8; i += 1) size += input[5 + i] * 2 ** (8 * i);
  if (size > 2 ** 31) throw new Error("lzma: the unpacked size is not given, or too large");
  const out = new Uint8Array(size);

  // The range decoder. `range` and `code` are unsigned 32-bit values kept in int32s (so
  // the engine keeps them in registers); `^ SIGN` compares them as unsigned.
  let inPos = 13;
  const next = () => {
    if (inPos >= input.length) throw new Error("lzma: the stream is cut short");
    return input[inPos++];
  };
  if (next() !== 0) throw new Error("lzma: bad range coder start");
  let range = -1;
  let code = 0;
  for (let i = 0; i < 4; i += 1) code = (code << 8) | next();
  if (code === range) throw new Error("lzma: bad range coder start");

  const bit = (p, i) => {
    const prob = p[i];
    const bound = Math.imul(range >>> 11, prob);
    let b;
    if ((code ^ SIGN) < (bound ^ SIGN)) {
      range = bound;
      p[i] = prob + ((2048 - prob) >> 5);
      b = 0;
    } else {
      range = (range - bound) | 0;
      code = (code - bound) | 0;
      p[i] = prob - (prob >> 5);
      b = 1;
    }
    if (range >>> 24 === 0) {
      range <<= 8;
      code = (code << 8) | input[inPos++]; // past the end reads 0 (undefined), checked below
    }
    return b;
  };
  const direct = (count) => {
    let result = 0;
    for (let i = 0; i < count; i += 1) {
      range >>>= 1;
      let b = 0;
      if ((code ^ SIGN) >= (range ^ SIGN)) {
        code = (code - range) | 0;
        b = 1;
      }
      if (range >>> 24 === 0) {
        range <<= 8;
        code = (code << 8) | next();
      }
      result = result * 2 + b;
    }
    return result;
  };
  const tree = (p, offset, bits) => {
    let m = 1;
    for (let i = 0; i < bits; i += 1) m = m * 2 + bit(p, offset + m);
    return m - (1 << bits);
  };
  const reverseTree = (p, offset, bits) => {
    let m = 1;
    let symbol = 0;
    for (let i = 0; i < bits; i += 1) {
      const b = bit(p, offset + m);
      m = m * 2 + b;
      symbol |= b << i;
    }
    return symbol;
  };

  const posStates = 1 << pb;
  const lengths = () => ({
    choice: probs(2),
    low: probs(posStates * LEN_LOW),
    mid: probs(posStates * LEN_MID),
    high: probs(LEN_HIGH),
  });
  const length = (coder, posState) => {
    if (bit(coder.choice, 0) === 0) return tree(coder.low, posState * LEN_LOW, 3);
    if (bit(coder.choice, 1) === 0) return 8 + tree(coder.mid, posState * LEN_MID, 3);
    return 16 + tree(coder.high, 0, 8);
  };

  const literals = probs(0x300 << (lc + lp));
  const isMatch = probs(STATES << 4);
  const isRep = probs(STATES);
  const isRepG0 = probs(STATES);
  const isRepG1 = probs(STATES);
  const isRepG2 = probs(STATES);
  const isRep0Long = probs(STATES << 4);
  const posSlots = probs(4 << 6);
  const posCoders = probs(1 + FULL_DISTANCES - END_POS_MODEL);
  const align = probs(1 << ALIGN_BITS);
  const matchLengths = lengths();
  const repLengths = lengths();

  const distance = (len) => {
    const lenState = len < 3 ? len : 3;
    const slot = tree(posSlots, lenState << 6, 6);
    if (slot < 4) return slot;
    const directBits = (slot >>> 1) - 1;
    let dist = (2 | (slot & 1)) * 2 ** directBits;
    if (slot < END_POS_MODEL) return dist + reverseTree(posCoders, dist - slot, directBits);
    dist += direct(directBits - ALIGN_BITS) * 2 ** ALIGN_BITS;
    return dist + reverseTree(align, 0, ALIGN_BITS);
  };

  const posMask = posStates - 1;
  const litMask = (1 << lp) - 1;
  let state = 0;
  let rep0 = 0;
  let rep1 = 0;
  let rep2 = 0;
  let rep3 = 0;
  let pos = 0;
  while (pos < size) {
    const posState = pos & posMask;
    if (bit(isMatch, (state << 4) + posState) === 0) {
      const prev = pos > 0 ? out[pos - 1] : 0;
      const base = 0x300 * (((pos & litMask) << lc) + (prev >>> (8 - lc)));
      let symbol = 1;
      if (state >= 7) {
        if (rep0 >= pos) throw new Error("lzma: a distance before the start");
        let matchByte = out[pos - rep0 - 1];
        while (symbol < 0x100) {
          const matchBit = (matchByte >>> 7) & 1;
          matchByte <<= 1;
          const b = bit(literals, base + ((1 + matchBit) << 8) + symbol);
          symbol = (symbol << 1) | b;
          if (matchBit !== b) break;
        }
      }
      while (symbol < 0x100) symbol = (symbol << 1) | bit(literals, base + symbol);
      out[pos++] = symbol - 0x100;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let len;
    if (bit(isRep, state) !== 0) {
      if (pos === 0) throw new Error("lzma: a repeat before any data");
      if (bit(isRepG0, state) === 0) {
        if (bit(isRep0Long, (state << 4) + posState) === 0) {
          state = state < 7 ? 9 : 11;
          out[pos] = out[pos - rep0 - 1];
          pos += 1;
          continue;
        }
      } else {
        let dist;
        if (bit(isRepG1, state) === 0) {
          dist = rep1;
        } else {
          if (bit(isRepG2, state) === 0) {
            dist = rep2;
          } else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      len = length(repLengths, posState);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      len = length(matchLengths, posState);
      state = state < 7 ? 7 : 10;
      rep0 = distance(len);
      if (rep0 === 0xffffffff) break; // the end marker
      if (rep0 >= pos || rep0 >= dictSize) throw new Error("lzma: a distance before the start");
    }
    len += MATCH_MIN;
    if (pos + len > size) throw new Error("lzma: more data than the stream says");
    for (let from = pos - rep0 - 1; len > 0; len -= 1) out[pos++] = out[from++];
  }
  if (pos !== size) throw new Error("lzma: the stream ended early");
  if (inPos > input.length) throw new Error("lzma: the stream is cut short");
  return out;
}
