// The Explore panel (issue 12): a knob re-runs the scenario in place and the link records it;
// a sweep draws one line per mode, its points show their values and open their run.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { start, SHOTS, MODEL } from "./harness.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });
afterEach(async () => { await env?.closePages(); });

test("a knob re-runs in place, the link keeps it, and Reset brings the preset back", async () => {
  const { page, problems } = await env.page({ width: 1280, height: 900 });
  await page.goto(`${env.base}?v=1&m=${MODEL}&s=s5&mode=callback&step=36`);
  await page.waitForSelector(".bar");
  await page.click(".explore-toggle");
  await page.waitForSelector(".explore");
  assert.equal(await page.getAttribute(".explore-toggle", "aria-pressed"), "true");
  await page.fill('.explore input[data-path="zone.free"]', "27");
  await page.press('.explore input[data-path="zone.free"]', "Enter");
  await page.waitForFunction(() => location.search.includes("o=zone.free:27"));
  const step = Number((await page.textContent(".step-n")).match(/step (\d+)/)[1]);
  assert.ok(step > 0, `the place is kept (step ${step})`);
  assert.match(await page.textContent("header"), /zone\.free=27/);
  // An out-of-bounds value is refused beside the knob, and nothing re-runs.
  await page.fill('.explore input[data-path="pcp.batch"]', "0");
  await page.press('.explore input[data-path="pcp.batch"]', "Enter");
  await page.waitForSelector(".knob-error");
  assert.match(await page.textContent(".knob-error"), /pcp\.batch/);
  await page.click(".reset-preset");
  await page.waitForFunction(() => !location.search.includes("o="));
  assert.equal(await page.inputValue('.explore input[data-path="zone.free"]'), "28");
  // A knob's range is what runs: its largest value does (s5's N, far under the format's
  // 65,536: the run would pass the event bound), one more is refused.
  const n = '.explore input[data-path^="tasks."]';
  const path = await page.getAttribute(n, "data-path");
  // The ranges are narrowed a task after the panel shows the scenario.
  await page.waitForFunction((sel) => Number(document.querySelector(sel).max) < 65536, n);
  const max = Number(await page.getAttribute(n, "max"));
  assert.ok(max > 256 && max < 65536, `N's range ends at ${max}`);
  // … and the panel says what the ranges now are.
  await page.waitForSelector('.knob-ranges[data-ranges="run"]');
  assert.match(await page.textContent(".knob-ranges"), /the values that run with the other numbers as they are/);
  assert.match(await page.textContent(`#knob-${path.replaceAll(".", "-")}-help`), new RegExp(`; 1…${max}$`));
  await page.fill(n, String(max + 1));
  await page.press(n, "Enter");
  await page.waitForSelector(".knob-error");
  await page.fill(n, String(max));
  await page.press(n, "Enter");
  await page.waitForFunction(([p, m]) => location.search.includes(`${p}:${m}`), [path, max]);
  assert.equal(await page.$(".knob-error"), null);
  assert.deepEqual(problems, []);
});

test("a sweep of N draws three lines, shows a point's values, and a click opens its run", async () => {
  const { page, problems } = await env.page({ width: 1600, height: 1000 });
  await page.goto(`${env.base}?v=1&m=${MODEL}&s=s1`);
  await page.waitForSelector(".bar");
  await page.click(".explore-toggle");
  await page.selectOption(".sweep-param", "tasks.0.ops.0.nr");
  await page.fill(".sweep-from", "1");
  await page.press(".sweep-from", "Tab");
  await page.fill(".sweep-to", "64");
  await page.press(".sweep-to", "Tab");
  await page.fill(".sweep-step", "1");
  await page.press(".sweep-step", "Tab");
  await page.selectOption(".sweep-metric", "delivery");
  await page.click(".sweep-draw");
  await page.waitForSelector(".sweep-svg");
  const lines = await page.$$eval(".sweep-svg .sweep-line[data-points]", (gs) => gs.map((g) => [g.dataset.line, Number(g.dataset.points)]));
  assert.deepEqual(lines, [["list", 64], ["array", 64], ["callback", 64]]);
  const ms = Number(await page.getAttribute(".sweep-time", "data-ms"));
  console.log(`sweep of 3 x 64 runs of s1: ${ms} ms`);
  // The keyboard: focus the chart, move to N = 8 on the array line, read its value.
  await page.focus(".sweep-svg");
  for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  assert.match(await page.textContent(".sweep-readout"), /^array · RFC 2022 at tasks\.0\.ops\.0\.nr = 8: \d+ \(delivery work\)$/);
  await page.locator(".sweep-chart").screenshot({ path: `${SHOTS}/sweep-chart.png` });
  // The table alternative.
  await page.click(".table-toggle");
  assert.equal(await page.$$eval(".sweep-table tbody tr", (r) => r.length), 64);
  await page.screenshot({ path: `${SHOTS}/explore-sweep.png`, fullPage: false });
  // Enter opens the focused point's run: array delivery with N = 9.
  await page.focus(".sweep-svg");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /mode=array/.test(location.search) && /o=tasks\.0\.ops\.0\.nr:9(&|$)/.test(location.search));
  // A click on a point opens it too: find where callback's N = 32 is drawn, then click there
  // with the mouse (the chart finds the nearest point to the pointer).
  await page.focus(".sweep-svg");
  await page.keyboard.press("Home");
  for (let i = 0; i < 31; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowDown");
  assert.match(await page.textContent(".sweep-readout"), /^callback · v2 2023 at tasks\.0\.ops\.0\.nr = 32: /);
  const box = await page.locator(".pt.active").boundingBox();
  await page.mouse.move(5, 5);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction(() => /mode=callback/.test(location.search) && /o=tasks\.0\.ops\.0\.nr:32(&|$)/.test(location.search));
  assert.deepEqual(problems, []);
});

test("a 256-value sweep of s5 (768 runs) is computed in slices, the page reporting progress between them", async () => {
  const { page, problems } = await env.page({ width: 1280, height: 900 });
  // Every progress line the page shows. How long each slice's task is, is the bench's to
  // measure: on two shared cores a task's wall time depends on what else runs.
  await page.addInitScript(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const text = document.querySelector(".sweep-progress")?.textContent;
      if (text && text !== window.__progress.at(-1)) window.__progress.push(text);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto(`${env.base}?v=1&m=${MODEL}&s=s5`);
  await page.waitForSelector(".bar");
  await page.click(".explore-toggle");
  await page.selectOption(".sweep-param", "zone.free");
  for (const [sel, v] of [[".sweep-from", "28"], [".sweep-to", "283"], [".sweep-step", "1"]]) {
    await page.fill(sel, v);
    await page.press(sel, "Tab");
  }
  await page.evaluate(() => { window.__progress = []; });
  await page.click(".sweep-draw");
  await page.waitForSelector(".sweep-time");
  assert.match(await page.textContent(".sweep-time"), /^768 runs in \d+ ms/);
  console.log(`s5, 256 values x 3 modes: ${await page.getAttribute(".sweep-time", "data-ms")} ms of computing`);
  const progress = await page.evaluate(() => window.__progress);
  const done = progress.map((t) => Number(t.match(/^Computing: (\d+) of 768 runs$/)[1]));
  assert.ok(done.length >= 3, `progress lines: ${JSON.stringify(progress)}`);
  assert.ok(done.every((n, i) => i === 0 || n > done[i - 1]) && done.at(-1) < 768, `progress grows: ${done}`);
  assert.deepEqual(problems, []);
});

test("the compare view by version: a lane per version at one step, the link keeps the layout", async () => {
  const { page, problems } = await env.page({ width: 1600, height: 1000 });
  await page.goto(`${env.base}?v=1&m=${MODEL}&s=s8&step=20&view=versions`);
  await page.waitForSelector(".compare .lane");
  const lanes = await page.$$eval(".compare .lane", (ls) => ls.map((l) => l.dataset.lane));
  assert.deepEqual(lanes, ["rfc-2022", "v2-2023", "mainline-6.19", "k6.0"]);
  assert.match(await page.textContent(".lanes-h"), /under each version, at step 20/);
  assert.equal(await page.getAttribute(".lanes-by.on", "aria-pressed"), "true");
  assert.equal(await page.$$eval(".bar-row", (r) => r.length), 4);
  await page.screenshot({ path: `${SHOTS}/compare-versions.png` });
  await page.click(".lanes-by:not(.on)");
  await page.waitForFunction(() => /view=compare/.test(location.search));
  assert.deepEqual(await page.$$eval(".compare .lane", (ls) => ls.map((l) => l.dataset.lane)), ["list", "array", "callback"]);
  assert.deepEqual(problems, []);
});

test("s8 by version at its end: no lane looks completed, each says what it runs", async () => {
  const { page, problems } = await env.page({ width: 1600, height: 1000 });
  await page.goto(`${env.base}?v=1&m=${MODEL}&s=s8&view=versions`);
  await page.waitForSelector(".compare .lane");
  await page.keyboard.press("End");
  await page.waitForSelector(".lane[data-lane='k6.0'] .outcome-badge");
  const ended = await page.$$eval(".compare .lane", (ls) => ls.map((l) => [l.dataset.lane, l.dataset.outcome]));
  assert.deepEqual(ended, [["rfc-2022", "deadlock"], ["v2-2023", "deadlock"], ["mainline-6.19", "livelock"], ["k6.0", "deadlock"]]);
  assert.equal(await page.locator(".o-completed").count(), 0, "no completed badge anywhere");
  assert.equal(await page.textContent(".lane[data-lane='k6.0'] h3"), "v6.0 · per-page mempool_alloc");
  assert.match(await page.textContent(".lane[data-lane='mainline-6.19'] .lane-note"), /s8c/);
  assert.match(await page.textContent(".chart-caption"), /v6\.0: \d+ calls/);
  // Versions are named as the titles name them, in the lanes' status and the timeline too.
  assert.deepEqual(await page.$$eval(".bars .bar-label", (ls) => ls.map((l) => l.textContent)), ["RFC 2022", "v2 2023", "v6.19", "v6.0"]);
  assert.deepEqual(await page.$$eval(".lane-status li b", (ls) => ls.map((l) => l.textContent)), ["RFC 2022", "v2 2023", "v6.19", "v6.0"]);
  assert.deepEqual(await page.$$eval(".timeline .tl-label", (ls) => ls.map((l) => l.textContent)), ["RFC 2022", "v2 2023", "v6.19", "v6.0"]);
  // The bar chart says the same: no bar reads as the cost of a finished request.
  assert.match(await page.textContent("#chart-h"), /^Delivery work per version /);
  const bars = await page.$$eval(".bars .bar-row", (rs) => rs.map((r) => [r.dataset.mode, r.dataset.outcome, r.classList.contains("bar-stuck"), r.querySelector(".bar-value").textContent]));
  assert.equal(bars.length, 4);
  for (const [lane, outcome, stuck, value] of bars) {
    assert.ok(stuck && outcome !== "completed", `${lane}: ${outcome}`);
    assert.match(value, new RegExp(`^\\d+ now / \\d+ when it stopped: ${outcome}$`), lane);
    assert.doesNotMatch(value, /at the end/, lane);
  }
  assert.match(await page.textContent(".chart-stuck"), /^Not a finished allocation: RFC 2022 \(deadlock\), v2 2023 \(deadlock\), v6\.19 \(livelock\), v6\.0 \(deadlock\) ended/);
  assert.deepEqual(problems, []);
});

test("a sweep point whose run did not complete has its own mark and no value", async () => {
  const { page, problems } = await env.page({ width: 1600, height: 1000 });
  await page.goto(`${env.base}?v=1&m=${MODEL}&s=s8`);
  await page.waitForSelector(".bar");
  await page.click(".explore-toggle");
  await page.selectOption(".sweep-param", "pool.min_nr");
  for (const [sel, v] of [[".sweep-from", "8"], [".sweep-to", "16"], [".sweep-step", "8"]]) {
    await page.fill(sel, v);
    await page.press(sel, "Tab");
  }
  await page.selectOption(".sweep-metric", "sleeps");
  await page.click(".sweep-draw");
  await page.waitForSelector(".sweep-svg");
  // At min_nr 8 the run deadlocks (no value, a mark in the band); at 16 a full pool: 0 sleeps.
  const list = await page.$eval(".sweep-svg .sweep-line[data-line=list]", (g) => [g.dataset.points, g.dataset.stuck, !!g.querySelector("path.stuck")]);
  assert.deepEqual(list, ["1", "1", true]);
  await page.focus(".sweep-svg");
  await page.keyboard.press("Home");
  assert.match(await page.textContent(".sweep-readout"), /^list · RFC 2022 at pool\.min_nr = 8: deadlock \(the run did not complete: no value\)$/);
  await page.keyboard.press("ArrowRight");
  assert.match(await page.textContent(".sweep-readout"), /^list · RFC 2022 at pool\.min_nr = 16: 0 sleeps$/);
  assert.match(await page.textContent(".sweep-legend"), /× deadlock: /);
  await page.click(".table-toggle");
  assert.equal(await page.textContent(".sweep-table tbody tr:first-child td"), "deadlock");
  assert.deepEqual(problems, []);
});
