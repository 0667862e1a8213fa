// The benchmark's large scenario (allocator/src/presets/scale.rs) as a link, for the e2e test of
// long runs and the browser bench. The link comes from the CLI, the app's own encoder.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CLI = process.env.BULKPOOL_CLI ?? "target/debug/bulkpool";

/// `bios` 256-page bios in a 2^20-frame zone; 1,280 bios is about 667,000 events, an estimate
/// just under the 1,000,000 bound.
export function large(bios) {
  const ops = [];
  for (let i = 0; i < bios; i++) ops.push({ op: "mempool_bulk", nr: 256, gfp: "GFP_NOIO", consume: true }, { op: "free_all" });
  return {
    name: `large-1048576-${bios}`, semantics: "v2-2023", mode: "callback", horizon_ms: 1000,
    zone: { pages: 1 << 20, free: (1 << 20) * 3 / 4, min: 1024, low: 1280, high: 1536 },
    pcp: { count: 0, batch: 63, high: 378 }, pool: { min_nr: 256, curr_nr: 256 },
    tasks: [{ name: "A", ops }],
  };
}

/// The query (after the page's address) that opens `scenario` at `step`.
export function linkTo(scenario, step = 0) {
  const dir = mkdtempSync(join(tmpdir(), "bulkpool-e2e-"));
  const file = join(dir, "scenario.json");
  writeFileSync(file, JSON.stringify(scenario));
  const base = "http://x/";
  try {
    const link = execFileSync(CLI, ["link", file, "--base", base, "--step", String(step)], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    return link.slice(base.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
