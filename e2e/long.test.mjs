// A scenario near the event bound, opened from a link, never freezes the tab: it is generated
// in slices with progress and Cancel, and the Long Tasks API sees no task over 50 ms while it
// is generated (issue 10, P3b).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { start } from "./harness.mjs";

const CLI = process.env.BULKPOOL_CLI ?? "target/debug/bulkpool";

/// The benchmark's large scenario (allocator/src/presets/scale.rs) with `bios` 256-page bios in
/// a 2^20-frame zone; 1,280 bios is about 667,000 events, an estimate just under the 1,000,000
/// bound.
function large(bios) {
  const ops = [];
  for (let i = 0; i < bios; i++) ops.push({ op: "mempool_bulk", nr: 256, gfp: "GFP_NOIO", consume: true }, { op: "free_all" });
  return {
    name: `large-1048576-${bios}`, semantics: "v2-2023", mode: "callback", horizon_ms: 1000,
    zone: { pages: 1 << 20, free: (1 << 20) * 3 / 4, min: 1024, low: 1280, high: 1536 },
    pcp: { count: 0, batch: 63, high: 378 }, pool: { min_nr: 256, curr_nr: 256 },
    tasks: [{ name: "A", ops }],
  };
}

/// The link's query for a scenario, from the CLI (the same encoder as the app).
function linkTo(scenario, step = 0) {
  const dir = mkdtempSync(join(tmpdir(), "bulkpool-e2e-"));
  const file = join(dir, "large.json");
  writeFileSync(file, JSON.stringify(scenario));
  const base = "http://x/";
  const link = execFileSync(CLI, ["link", file, "--base", base, "--step", String(step)], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  return link.slice(base.length);
}

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

async function withLongTasks(viewport) {
  const { page, problems } = await env.page(viewport);
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  });
  return { page, problems };
}

test("a near-bound scenario from a link: progress, no task over 50 ms while it generates", async () => {
  const query = linkTo(large(1280), 400000);
  assert.ok(query.length < 1000, `a ${query.length}-character link`);
  const { page, problems } = await withLongTasks({ width: 1280, height: 800 });
  await page.goto(env.base + query);
  await page.waitForSelector(".generating");
  assert.match(await page.textContent(".generating"), /Generating the run: [\d,]+ events so far \(at most [\d,]+\)/);
  await page.waitForFunction(() => !document.querySelector(".generating"), null, { timeout: 120000 });
  await page.waitForFunction(() => /step 400000 \/ 666887/.test(document.querySelector(".step-n").textContent));
  assert.match(page.url(), /&step=400000$/, "the link is kept");
  const { marks, long } = await page.evaluate(() => ({
    marks: Object.fromEntries(performance.getEntriesByType("mark").filter((m) => m.name.startsWith("generate")).map((m) => [m.name, m.startTime])),
    long: window.__long,
  }));
  assert.ok(marks["generate-start"] < marks["generate-end"], JSON.stringify(marks));
  const during = long.filter((t) => t.start + t.duration > marks["generate-start"] && t.start < marks["generate-end"]);
  assert.deepEqual(during.filter((t) => t.duration > 50).map((t) => Math.round(t.duration)), [], "long tasks while generating");
  // Stepping a 2^20-frame run stays interactive too.
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => /step 400001 /.test(document.querySelector(".step-n").textContent));
  assert.deepEqual(problems, []);
});

test("Cancel stops generating and keeps the page on what it showed", async () => {
  const { page, problems } = await env.page({ width: 1280, height: 800 });
  await page.goto(`${env.base}?v=1&s=s5&step=36`);
  await page.waitForSelector(".bar");
  // Open the large scenario from the editor, then cancel while it generates.
  await page.click(".edit-button");
  await page.fill(".scenario-text", JSON.stringify(large(1280)));
  // A slower CPU, so that the run is still generating when Cancel is pressed.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
  await page.click(".editor .run");
  await page.waitForSelector(".generating");
  await page.$eval(".cancel-loading", (b) => b.click());
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  assert.equal(await page.$(".generating"), null);
  assert.match(await page.textContent(".notice"), /Generating the run was stopped/);
  assert.match(await page.textContent(".step-n"), /^step 36 \/ 78/, "still s5 at step 36");
  assert.match(page.url(), /\?v=1&s=s5&mode=list&step=36$/);
  assert.deepEqual(problems, []);
});
