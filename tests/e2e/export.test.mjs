// The page's tar archives (web/js/export.js): valid ustar headers, checksums and
// padding, read back by the system's tar.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { tar } from "../../web/js/export.js";

const text = (bytes) => new TextDecoder().decode(bytes);

test("tar archives have valid headers, checksums and padding", () => {
  const archive = tar([["Dockerfile", "FROM a\n"], ["deployment.yaml", ""]]);
  assert.equal(archive.length, 512 + 512 + 512 + 1024);
  assert.equal(text(archive.subarray(0, 10)), "Dockerfile");
  assert.equal(text(archive.subarray(257, 263)), "ustar\0");
  assert.equal(text(archive.subarray(124, 136)), "00000000007\0");
  // The checksum is the sum of the header bytes with the checksum field as spaces.
  const header = archive.slice(0, 512);
  header.fill(0x20, 148, 156);
  const sum = header.reduce((total, byte) => total + byte, 0);
  assert.equal(Number.parseInt(text(archive.subarray(148, 154)), 8), sum);
  assert.equal(text(archive.subarray(512, 519)), "FROM a\n");
  assert.ok(archive.subarray(519, 1024).every((byte) => byte === 0));
  assert.equal(text(archive.subarray(1024, 1039)), "deployment.yaml");
});

test("the system's tar reads the files back, sizes counted in UTF-8 bytes", () => {
  const files = [["Dockerfile", "# caf\u00e9 \u{1F433}\nFROM a\n"], ["k8s.yaml", "x".repeat(1500)]];
  const dir = join(import.meta.dirname, "..", "..", "target", "e2e", "tar");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "files.tar"), tar(files));
  execFileSync("tar", ["-xf", "files.tar"], { cwd: dir });
  const listing = execFileSync("tar", ["-tf", "files.tar"], { cwd: dir }).toString().trim().split("\n");
  assert.deepEqual(listing, ["Dockerfile", "k8s.yaml"]);
  for (const [name, body] of files) {
    assert.equal(execFileSync("cat", [name], { cwd: dir }).toString(), body);
  }
});
