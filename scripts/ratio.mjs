// P2: wasm ÷ native medians per scenario, from the BENCH lines of examples/bench_trace.rs and
// tests/wasm_bench.rs. Usage: node scripts/ratio.mjs native.txt wasm.txt
import { readFileSync } from "node:fs";

const read = (f) => Object.fromEntries(readFileSync(f, "utf8").split("\n").filter((l) => l.startsWith("BENCH"))
  .map((l) => JSON.parse(l.replace(/^BENCH \w+ /, ""))).map((r) => [r.name, r]));
const [native, wasm] = process.argv.slice(2).map(read);
const out = {};
for (const [name, n] of Object.entries(native)) {
  const w = wasm[name];
  out[name] = { events: n.events, native: n, wasm: w, ratio: w ? +(w.median_ms / n.median_ms).toFixed(2) : null };
}
console.log(JSON.stringify(out, null, 2));
