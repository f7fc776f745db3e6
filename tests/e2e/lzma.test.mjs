// The page's LZMA decoder (web/js/lzma.js) against Python's lzma encoder: the same bytes
// back for texts of every kind, and a clear error, never a hang or a wrong answer, for a
// stream that is cut short or damaged.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { lzmaDecode } from "../../web/js/lzma.js";

function pack(data, preset = "9 | lzma.PRESET_EXTREME") {
  const script = `
import lzma, struct, sys
data = sys.stdin.buffer.read()
packed = bytearray(lzma.compress(data, format=lzma.FORMAT_ALONE, preset=${preset}))
packed[5:13] = struct.pack("<Q", len(data))
sys.stdout.buffer.write(packed)
`;
  const run = spawnSync("python3", ["-c", script], { input: data, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, String(run.stderr));
  return new Uint8Array(run.stdout);
}

const samples = {
  empty: Buffer.alloc(0),
  "one byte": Buffer.from("x"),
  text: Buffer.from("FROM python:3.13-slim\nUSER 65532\n".repeat(500)),
  random: randomBytes(70_000),
  "long runs": Buffer.concat([Buffer.alloc(100_000, 7), randomBytes(3000), Buffer.alloc(50_000, 9)]),
};

test("the decoder gives back what Python's lzma packed", () => {
  for (const [name, data] of Object.entries(samples)) {
    for (const preset of ["0", "6", "9 | lzma.PRESET_EXTREME"]) {
      const got = lzmaDecode(pack(data, preset));
      assert.ok(Buffer.from(got).equals(data), `${name}, preset ${preset}`);
    }
  }
});

test("a stream cut short or damaged throws", () => {
  const data = Buffer.concat([samples.text, samples.random]);
  const packed = pack(data);
  // (Past the data there is only the end marker, which a stream of known size does not
  // need, so the cuts are all inside the data.)
  for (const cut of [0, 5, 13, 14, 200, packed.length >> 1, Math.floor(packed.length * 0.98)]) {
    assert.throws(() => lzmaDecode(packed.subarray(0, cut)), /lzma:/, `cut at ${cut}`);
  }
  for (let at = 20; at < packed.length; at += Math.floor(packed.length / 40)) {
    const damaged = packed.slice();
    damaged[at] ^= 0xa5;
    try {
      // Damage the coder cannot see gives other bytes, but never more or fewer.
      assert.equal(lzmaDecode(damaged).length, data.length);
    } catch (error) {
      assert.match(String(error.message), /^lzma:/);
    }
  }
  const header = packed.slice();
  header[0] = 250; // properties past lc=8, lp=4, pb=4
  assert.throws(() => lzmaDecode(header), /bad properties/);
});
