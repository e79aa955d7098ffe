// A second, independent implementation of the line hash of GitHub's upload-sarif action
// (github/codeql-action src/fingerprints.ts), written from that source with BigInt for its 64-bit
// Long arithmetic, reading files as the action does (fs.createReadStream with "utf8"). The test
// compares it with the primaryLocationLineHash modal-lint writes (lint/fingerprint.c).
//
//   node fingerprint.mjs FILE.sarif SOURCE_ROOT   prints "ok"/"not ok" per result, exits 1 on any
//                                                 mismatch
//   node fingerprint.mjs --lines FILE             prints "LINE HASH" for every line of FILE
import fs from "node:fs";
import path from "node:path";

const BLOCK_SIZE = 100;
const MASK = (1n << 64n) - 1n;
const MOD = 37n;
const EOF = 65535;

async function hashLines(file) {
  let firstMod = 1n;
  for (let i = 0; i < BLOCK_SIZE; i++) firstMod = (firstMod * MOD) & MASK;
  const window = Array(BLOCK_SIZE).fill(0);
  const lineNumbers = Array(BLOCK_SIZE).fill(-1);
  let hash = 0n;
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let prevCR = false;
  const counts = new Map();
  const out = new Map();
  const output = () => {
    const value = hash.toString(16);
    counts.set(value, (counts.get(value) || 0) + 1);
    out.set(lineNumbers[index], `${value}:${counts.get(value)}`);
    lineNumbers[index] = -1;
  };
  const update = (current) => {
    const begin = window[index];
    window[index] = current;
    hash = (MOD * hash + BigInt(current) - firstMod * BigInt(begin)) & MASK;
    index = (index + 1) % BLOCK_SIZE;
  };
  const process = (current) => {
    if (current === 32 || current === 9 || (prevCR && current === 10)) {
      prevCR = false;
      return;
    }
    if (current === 13) {
      current = 10;
      prevCR = true;
    } else {
      prevCR = false;
    }
    if (lineNumbers[index] !== -1) output();
    if (lineStart) {
      lineStart = false;
      lineNumber++;
      lineNumbers[index] = lineNumber;
    }
    if (current === 10) lineStart = true;
    update(current);
  };
  for await (const data of fs.createReadStream(file, "utf8")) {
    for (let i = 0; i < data.length; ++i) process(data.charCodeAt(i));
  }
  process(EOF);
  for (let i = 0; i < BLOCK_SIZE; i++) {
    if (lineNumbers[index] !== -1) output();
    update(0);
  }
  return out;
}

if (process.argv[2] === "--lines") {
  const lines = await hashLines(process.argv[3]);
  for (const [line, value] of [...lines].sort((a, b) => a[0] - b[0])) console.log(`${line} ${value}`);
} else {
  const [sarifFile, root] = process.argv.slice(2);
  const sarif = JSON.parse(fs.readFileSync(sarifFile, "utf8"));
  const cache = new Map();
  let failed = 0;
  let checked = 0;
  for (const result of sarif.runs[0].results) {
    const location = result.locations[0].physicalLocation;
    const file = path.join(root, decodeURIComponent(location.artifactLocation.uri));
    if (!cache.has(file)) cache.set(file, await hashLines(file));
    const expected = cache.get(file).get(location.region.startLine);
    const actual = result.partialFingerprints?.primaryLocationLineHash;
    checked++;
    if (actual !== expected) {
      failed++;
      console.log(`not ok - ${location.artifactLocation.uri}:${location.region.startLine} ${actual} != ${expected}`);
    }
  }
  console.log(`${checked - failed} of ${checked} fingerprints match`);
  process.exit(failed > 0 || checked === 0 ? 1 : 0);
}
