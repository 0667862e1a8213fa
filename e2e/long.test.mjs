// A scenario near the event bound, opened from a link, never freezes the tab: it is generated
// in slices, with progress the page renders between them, and Cancel (issue 10, P3b). How long
// each task is, is the bench's to measure (`e2e/perf.mjs`, P3b/M, docs/PERFORMANCE.md): on two
// shared cores a task's wall time depends on what else runs, so a test cannot assert it.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { start } from "./harness.mjs";
import { large, linkTo } from "./large.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });
afterEach(async () => { await env?.closePages(); });

/// A page that records every progress report it shows while a run is generated.
async function withProgress(viewport) {
  const { page, problems } = await env.page(viewport);
  await page.addInitScript(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const text = document.querySelector(".generating span")?.textContent;
      if (text && text !== window.__progress.at(-1)) window.__progress.push(text);
      // How many markers the render that first drew the timeline's bar drew with it.
      if (window.__markersWithBar === undefined && document.querySelector(".track")) {
        window.__markersWithBar = document.querySelectorAll(".marker").length;
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  return { page, problems };
}

test("a near-bound scenario from a link: generated in slices, each reported, and opened at its step", async () => {
  const query = linkTo(large(1280), 400000);
  assert.ok(query.length < 1000, `a ${query.length}-character link`);
  const { page, problems } = await withProgress({ width: 1280, height: 800 });
  await page.goto(env.base + query);
  await page.waitForSelector(".generating");
  assert.match(await page.textContent(".generating"), /Generating the run: [\d,]+ events so far \(at most [\d,]+\)/);
  await page.waitForFunction(() => !document.querySelector(".generating"), null, { timeout: 120000 });
  await page.waitForFunction(() => /step 400000 \/ 666887/.test(document.querySelector(".step-n").textContent));
  assert.match(page.url(), /&step=400000$/, "the link is kept");
  const { marks, progress } = await page.evaluate(() => ({
    marks: Object.fromEntries(performance.getEntriesByType("mark").filter((m) => m.name.startsWith("generate")).map((m) => [m.name, m.startTime])),
    progress: window.__progress,
  }));
  assert.ok(marks["generate-start"] < marks["generate-end"], JSON.stringify(marks));
  // The page rendered between slices: several counts, each larger than the one before.
  const counts = progress.map((t) => Number(t.match(/([\d,]+) events so far/)[1].replaceAll(",", "")));
  assert.ok(counts.length >= 3, `progress reports: ${JSON.stringify(progress)}`);
  assert.ok(counts.every((n, i) => i === 0 || n > counts[i - 1]), `progress grows: ${counts}`);
  assert.ok(counts.at(-1) > 0 && counts.at(-1) <= 666887, `the last report: ${counts.at(-1)}`);
  // A run this long finds its timeline markers a task after its bar is drawn
  // (components/timeline/markers.rs), then shows them all: at most 120, each a step of the run.
  assert.equal(await page.evaluate(() => window.__markersWithBar), 0, "no markers in the bar's render");
  await page.waitForSelector(".marker");
  const titles = await page.$$eval(".marker", (ms) => ms.map((m) => m.title));
  assert.ok(titles.length > 1 && titles.length <= 120, `${titles.length} markers`);
  for (const t of titles) {
    const step = Number(t.match(/^step (\d+): /)?.[1]);
    assert.ok(step >= 1 && step <= 666887, t);
  }
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
  assert.match(page.url(), /\?v=1&m=\d+&s=s5&mode=list&step=36$/);
  assert.deepEqual(problems, []);
});
