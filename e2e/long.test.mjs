// A scenario near the event bound, opened from a link, never freezes the tab: it is generated
// in slices with progress and Cancel, and the Long Tasks API sees no task over 50 ms while it
// is generated (issue 10, P3b).
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { start } from "./harness.mjs";
import { large, linkTo } from "./large.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });
afterEach(async () => { await env?.closePages(); });

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
  const all = await page.evaluate(() => performance.getEntriesByType("mark").map((m) => `${m.name}@${Math.round(m.startTime)}`).join(" "));
  assert.deepEqual(during.filter((t) => t.duration > 50).map((t) => `${Math.round(t.duration)} ms at ${Math.round(t.start)}`), [], `long tasks while generating (${all})`);
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
