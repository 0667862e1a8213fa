// End-to-end tests against the release build in dist/, served under /bulkpool/ (a sub-path),
// in Debian's headless Chromium. Every test fails on a console error, an uncaught exception or
// any request that leaves the local server. Screenshots go to target/e2e/.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { start, SHOTS } from "./harness.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });
afterEach(async () => { await env?.closePages(); });

async function open(query, viewport) {
  const { page, problems } = await env.page(viewport);
  await page.goto(env.base + query);
  await page.waitForSelector(".bar");
  return { page, problems };
}

const stepText = (page) => page.textContent(".step-n");
async function stepNumber(page) {
  const [, n, total] = (await stepText(page)).match(/step (\d+) \/ (\d+)/);
  return [Number(n), Number(total)];
}
async function counter(page, name) {
  return Number(await page.textContent(`.counters tr[data-counter=${name}] td.num`));
}

test("s1: step to the end and read the final counters", async () => {
  const { page, problems } = await open("?s=s1&mode=list");
  assert.equal(await page.title(), "s1 — bulkpool");
  assert.match(await page.textContent("h1"), /bulkpool/);
  const [, total] = await stepNumber(page);
  for (let i = 0; i < total; i++) await page.click(".ctl.next");
  assert.deepEqual(await stepNumber(page), [total, total]);
  assert.equal(await counter(page, "list_inserts"), 8);
  assert.equal(await counter(page, "list_removes"), 8);
  assert.equal(await counter(page, "bvec_writes"), 8);
  assert.equal(await counter(page, "array_reads"), 0);
  assert.equal(await page.textContent(".pgalloc"), "8");
  assert.equal(await page.textContent(".pcp-count"), "C = 4");
  assert.equal(await page.textContent(".f-value"), "F = 800");
  assert.match(await page.textContent(".task[data-task=A] .result"), /true/);
  await page.screenshot({ path: `${SHOTS}/s1-end.png` });
  assert.deepEqual(problems, []);
});

test("s5: the sleep phase and the 5 s timeout are shown", async () => {
  const { page, problems } = await open("?s=s5&mode=list");
  const lit = () => page.evaluate(() => document.querySelector(".phase.lit")?.textContent ?? "");
  for (let i = 0; i < 200 && (await lit()) !== "Sleep / wake"; i++) {
    await page.keyboard.press("ArrowRight");
  }
  assert.equal(await page.textContent(".phase.lit"), "Sleep / wake");
  assert.match(await page.textContent(".narration-text"), /joins the pool's wait queue and sleeps until woken or t = 5000 ms/);
  // The step links the code it models: here the RFC's mempool patch on lore.
  assert.equal(await page.textContent(".narration .code-link"), "RFC 2/4");
  assert.match(await page.getAttribute(".narration .code-link", "href"), /^https:\/\/lore\.kernel\.org\/all\/20221005180341\.1738796-3-shy828301@gmail\.com\/$/);
  assert.match(await page.textContent(".waitq"), /5\.0 s left/);
  assert.match(await page.textContent(".task[data-task=A] .state"), /sleeping/);
  await page.screenshot({ path: `${SHOTS}/main-view.png` });
  for (let i = 0; i < 5 && !/times out/.test(await page.textContent(".narration-text")); i++) {
    await page.keyboard.press("ArrowRight");
  }
  assert.match(await page.textContent(".narration-text"), /5 s sleep times out/);
  // A kernel step links its line of the released source.
  for (let i = 0; i < 5 && !/bulk allocator is asked/.test(await page.textContent(".narration-text")); i++) {
    await page.keyboard.press("ArrowRight");
  }
  assert.equal(await page.textContent(".narration .code-link"), "mm/page_alloc.c:5360");
  assert.equal(await page.getAttribute(".narration .code-link", "href"), "https://elixir.bootlin.com/linux/v6.0/source/mm/page_alloc.c#L5360");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  assert.match(await page.textContent(".clock"), /t = 5000 ms/);
  assert.ok(await page.$(".marker.m-timeout"), "a timeout marker on the timeline");
  assert.deepEqual(problems, []);
});

test("s5: the code panel dims the lines of its listing that no step of the run reaches", async () => {
  // s5's tasks make one mempool call each and end: they never wait for I/O or free.
  const { page, problems } = await open("?s=s5&mode=list&step=1");
  await page.waitForSelector(".code .listing[data-listing=Task] li.lit");
  const lines = await page.$$eval(".code .listing li", (ls) => ls.map((l) => [l.querySelector("code").textContent, l.classList.contains("unreached"), l.classList.contains("lit")]));
  const unreached = lines.filter((l) => l[1]).map((l) => l[0]);
  assert.ok(unreached.includes("wait for I/O"), JSON.stringify(lines));
  assert.ok(!unreached.includes("start"), JSON.stringify(lines));
  assert.ok(lines.filter((l) => l[2]).every((l) => !l[1]), "the lit line is reached");
  assert.equal(await page.getAttribute(".code .listing li.unreached", "title"), "No step of this run reaches this line");
  // In Predict mode nothing is dimmed: it would tell what the run does next.
  await page.click(".predict-toggle");
  await page.waitForSelector(".predict-toggle.on");
  await page.waitForSelector(".code .listing li");
  assert.equal(await page.$(".code .listing li.unreached"), null, "no dimmed line while predicting");
  assert.deepEqual(problems, []);
});

test("s6 compare view: array diverges from list", async () => {
  const { page, problems } = await open("?s=s6&view=compare");
  assert.equal(await page.locator(".lane").count(), 3);
  await page.keyboard.press("End");
  const lane = (mode, c) => page.textContent(`.lane[data-mode=${mode}] tr[data-counter=${c}] td`).then(Number);
  assert.equal(await lane("list", "sleeps"), 0);
  assert.equal(await lane("array", "sleeps"), 1, "the array caller sleeps");
  assert.notEqual(await lane("array", "total"), await lane("list", "total"));
  const listSteps = await page.textContent(".lane[data-mode=list] .lane-step");
  const arraySteps = await page.textContent(".lane[data-mode=array] .lane-step");
  assert.notEqual(listSteps, arraySteps, "the lanes run for different numbers of steps");
  await page.keyboard.press("Home");
  for (let i = 0; i < 12; i++) await page.keyboard.press("ArrowRight");
  assert.equal(await page.textContent(".lane[data-mode=list] .outcome-badge"), "completed");
  assert.equal(await page.locator(".lane[data-mode=array] .outcome-badge").count(), 0, "array is still at it");
  await page.screenshot({ path: `${SHOTS}/compare-view.png` });
  assert.deepEqual(problems, []);
});

test("keyboard shortcuts drive the player", async () => {
  const { page, problems } = await open("?s=s1");
  const [, total] = await stepNumber(page);
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  assert.deepEqual(await stepNumber(page), [3, total]);
  await page.keyboard.press("ArrowLeft");
  assert.deepEqual(await stepNumber(page), [2, total]);
  await page.keyboard.press("End");
  assert.deepEqual(await stepNumber(page), [total, total]);
  await page.keyboard.press("Home");
  assert.deepEqual(await stepNumber(page), [0, total]);
  assert.equal(await page.$eval(".speed select", (s) => s.value), "2");
  await page.keyboard.press("+");
  assert.equal(await page.$eval(".speed select", (s) => s.value), "3");
  await page.keyboard.press("-");
  await page.keyboard.press("-");
  assert.equal(await page.$eval(".speed select", (s) => s.value), "1");
  await page.keyboard.press(" ");
  assert.equal(await page.getAttribute(".ctl.play", "aria-label"), "Pause (Space)");
  await page.keyboard.press(" ");
  assert.equal(await page.getAttribute(".ctl.play", "aria-label"), "Play (Space)");
  await page.keyboard.press("?");
  assert.ok(await page.isVisible("[role=dialog]"));
  await page.screenshot({ path: `${SHOTS}/help.png` });
  await page.keyboard.press("Escape");
  assert.equal(await page.$("[role=dialog]"), null);
  assert.deepEqual(problems, []);
});

test("the URL is a permalink to scenario, mode and step", async () => {
  const { page, problems } = await open("?s=s3&mode=array");
  for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => location.search.includes("step=7"));
  const url = page.url();
  assert.match(url, /\/bulkpool\/\?v=1&m=\d+&s=s3&mode=array&step=7$/);
  const again = await open(url.slice(env.base.length));
  assert.deepEqual(await stepNumber(again.page), await stepNumber(page));
  assert.equal(await again.page.$eval("#scenario", (s) => s.value), "s3");
  assert.equal(await again.page.getAttribute("button[data-mode=array]", "aria-pressed"), "true");
  assert.deepEqual([...problems, ...again.problems], []);
});

test("a bad link shows a notice instead of breaking the page", async () => {
  const { page, problems } = await open("?s=zzz&mode=tree&step=abc&sem=k9");
  const notice = await page.textContent(".notice");
  assert.match(notice, /Unknown scenario `zzz`/);
  assert.match(notice, /Unknown mode `tree`/);
  assert.match(notice, /step=abc/);
  assert.equal(await page.$eval("#scenario", (s) => s.value), "s1");
  const huge = await open("?s=s1&step=999999999");
  assert.match(await huge.page.textContent(".notice"), /showing the last/);
  const [n, total] = await stepNumber(huge.page);
  assert.equal(n, total);
  assert.deepEqual([...problems, ...huge.problems], []);
});

test("a custom scenario runs from the editor and from its link", async () => {
  const { page, problems } = await open("?s=s1");
  await page.click(".edit-button");
  await page.fill(".scenario-text", '{ "name": "tight", "zone": { "free": 45 }, "pcp": { "count": 6 } }');
  await page.click(".editor .run");
  await page.waitForFunction(() => /[?&][oc]=/.test(location.search));
  assert.match(await page.textContent("#scenario-summary"), /variant s1 \+ name=tight/);
  await page.keyboard.press("End");
  assert.match(await page.textContent(".task[data-task=A] .result"), /true/);
  const link = page.url();
  const again = await open(link.slice(env.base.length));
  assert.match(await again.page.$eval("#scenario", (s) => s.selectedOptions[0].textContent), /tight/);
  const bad = await open("?json=" + encodeURIComponent('{ "zone": { "pages": 3 } }'));
  assert.match(await bad.page.textContent(".notice"), /zone\.pages: 3 is out of range/);
  assert.deepEqual([...problems, ...again.problems, ...bad.problems], []);
});

test("a phone-width screen has no horizontal scroll", async () => {
  const { page, problems } = await open("?s=s1&mode=array&step=12", { width: 390, height: 844 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width}px wide`);
  await page.screenshot({ path: `${SHOTS}/phone.png`, fullPage: true });
  assert.deepEqual(problems, []);
});
