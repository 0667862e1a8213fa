// P1's figures: the first render's module, the whole app's (loaded on first use) and the counter's
// .wasm (raw, gzip -9, brotli), the first module's ratio to the counter, and the first module
// before wasm-opt by crate (from twiggy's CSV).
// Usage: node scripts/size.mjs first.wasm extra.wasm counter.wasm twiggy.csv
import { readFileSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { brotliCompressSync } from "node:zlib";

const [app, extra, counter, csv] = process.argv.slice(2);
// gzip -9 as the build script measures it (GNU gzip, not zlib); brotli as node's zlib makes it.
const size = (f) => ({
  raw: statSync(f).size,
  gzip: execFileSync("gzip", ["-9", "-c", f]).length,
  brotli: brotliCompressSync(readFileSync(f)).length,
});
const crates = {};
for (const line of readFileSync(csv, "utf8").split("\n").slice(1)) {
  const m = line.match(/^"?(.*?)"?,(\d+),/);
  if (!m) continue;
  const [, name, bytes] = m;
  if (name.includes("function names") || name.startsWith("custom section")) continue;
  let key = "other";
  if (name.startsWith("data segment")) key = "data (.rodata: strings, tables)";
  else {
    const c = name.match(/([a-z_][a-z_0-9]*)(?:\[[0-9a-f]+\])?::/);
    if (c) key = c[1];
  }
  crates[key] = (crates[key] ?? 0) + Number(bytes);
}
const total = Object.values(crates).reduce((a, b) => a + b, 0);
const a = size(app), c = size(counter);
console.log(JSON.stringify({
  first_render: a, whole_app_on_first_use: size(extra), counter: c,
  ratio_raw: +(a.raw / c.raw).toFixed(2),
  before_wasm_opt_by_crate: Object.fromEntries(Object.entries(crates).sort((x, y) => y[1] - x[1]).slice(0, 16)
    .map(([k, v]) => [k, { bytes: v, share: `${(v * 100 / total).toFixed(1)}%` }])),
}, null, 2));
