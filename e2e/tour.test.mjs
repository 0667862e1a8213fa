// The guided tour (issue 17): offered on a first visit, every stop at 1280 and 390 px with
// nothing under the card, the keys, a stop's link, history, resuming from local storage, and
// an accessibility audit with the tour open in light and dark.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { start, SHOTS, MODEL } from "./harness.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

const CLI = process.env.BULKPOOL_CLI ?? "target/debug/bulkpool";

/// The stops as `bulkpool tour` prints them: title, preset and step ("end" for the last).
function stops() {
  const text = execFileSync(CLI, ["tour"]).toString();
  const out = [];
  for (const block of text.split(/\n(?=\d+ \/ \d+  )/)) {
    const head = block.match(/^(\d+) \/ (\d+)  (.*)$/m);
    const opens = block.replace(/\n  /g, " ").match(/^Opens: (\S+?)[, ].*? (?:at step (\d+)|at its end)\.$/m);
    if (head && opens) out.push({ n: Number(head[1]), of: Number(head[2]), title: head[3], preset: opens[1], step: opens[2] === undefined ? "end" : Number(opens[2]) });
  }
  return out;
}

async function open(query, viewport = { width: 1280, height: 800 }, colorScheme = "light") {
  const { page, problems } = await env.page(viewport);
  await page.emulateMedia({ colorScheme });
  await page.goto(env.base + query);
  await page.waitForSelector(".bar");
  return { page, problems };
}

const stepOf = async (page) => (await page.textContent(".step-n")).match(/step (\d+) \/ (\d+)/).slice(1).map(Number);
const progress = (page) => page.textContent(".tour-progress b");

/// The card is in the page's flow: the header above it, the player below it, nothing under it,
/// and nothing wider than the window.
async function nothingHidden(page, what) {
  const found = await page.evaluate(() => {
    const card = document.querySelector(".tour").getBoundingClientRect();
    const header = document.querySelector(".header").getBoundingClientRect();
    const bar = document.querySelector(".bar").getBoundingClientRect();
    const covered = [...document.querySelectorAll(".bar, .timeline, main, .header")]
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.bottom > card.top + 1 && r.top < card.bottom - 1 && r.height > 0 && r.top >= card.top - 1).length;
    const position = getComputedStyle(document.querySelector(".tour")).position;
    return { above: header.bottom <= card.top + 1, below: bar.top >= card.bottom - 1, covered, position, wide: document.documentElement.scrollWidth - window.innerWidth };
  });
  assert.ok(found.above && found.below, `${what}: the card sits between the header and the player`);
  assert.equal(found.covered, 0, `${what}: nothing under the card`);
  assert.equal(found.position, "static", `${what}: the card is in the page's flow`);
  assert.ok(found.wide <= 0, `${what}: ${found.wide} px wider than the window`);
}

test("a first visit offers the tour; Not now puts the offer away for good", async () => {
  const { page, problems } = await open("");
  assert.match(await page.textContent(".tour-offer"), /New here\? Take the tour/);
  assert.equal(await page.$(".tour"), null, "offered, not opened");
  await page.click(".tour-decline");
  assert.equal(await page.$(".tour-offer"), null);
  await page.reload();
  await page.waitForSelector(".bar");
  assert.equal(await page.$(".tour-offer"), null, "not offered again");
  // A link with parameters never offers it.
  const other = await open(`?v=1&m=${MODEL}&s=s5`);
  assert.equal(await other.page.$(".tour-offer"), null);
  assert.deepEqual(problems, []);
  assert.deepEqual(other.problems, []);
});

for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
  test(`every stop opens its state with the card over nothing at ${viewport.width} px`, { skip: !existsSync(CLI) && "no CLI" }, async () => {
    const all = stops();
    assert.ok(all.length >= 10 && all.length <= 14, `${all.length} stops`);
    const { page, problems } = await open("", viewport);
    await page.click(".tour-start");
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("tour")), true, "focus moves to the card");
    for (const s of all) {
      await page.waitForFunction((n) => document.querySelector(".tour")?.dataset.stop === String(n) && !document.querySelector(".generating"), s.n);
      assert.equal(await progress(page), `${s.n} / ${s.of}`);
      assert.equal(await page.textContent("#tour-h"), s.title);
      assert.equal(await page.$eval("#scenario", (e) => e.value), s.preset, `stop ${s.n}`);
      const [step, total] = await stepOf(page);
      assert.equal(step, s.step === "end" ? total : s.step, `stop ${s.n}: the step`);
      assert.match(page.url(), new RegExp(`[?&]tour=${s.n}$`), `stop ${s.n}: the address`);
      assert.equal(await page.getAttribute(".tour-link", "href"), `?tour=${s.n}`);
      assert.match(await page.textContent(".tour [aria-live]"), new RegExp(`^Tour stop ${s.n} / ${s.of}: `));
      await nothingHidden(page, `stop ${s.n} at ${viewport.width} px`);
      await page.screenshot({ path: `${SHOTS}/tour-${s.n}-${viewport.width}.png`, fullPage: viewport.width < 400 });
      if (s.n < all.length) await page.click(".tour-next");
    }
    assert.equal(await page.textContent(".tour-next"), "Finish");
    await page.click(".tour-next");
    assert.equal(await page.$(".tour"), null, "Finish closes the tour");
    assert.deepEqual(problems, []);
  });
}

test("PageDown and PageUp go through the stops, the player's keys still work, Escape leaves", async () => {
  const { page, problems } = await open("?tour=2");
  assert.equal(await progress(page), "2 / 13");
  const [at] = await stepOf(page);
  await page.keyboard.press("ArrowRight");
  assert.deepEqual((await stepOf(page))[0], at + 1, "→ steps inside a stop");
  assert.equal(await progress(page), "2 / 13", "and the tour stays");
  await page.keyboard.press("PageDown");
  await page.waitForFunction(() => document.querySelector(".tour")?.dataset.stop === "3");
  await page.keyboard.press("PageUp");
  await page.waitForFunction(() => document.querySelector(".tour")?.dataset.stop === "2");
  // Back and Forward go through the stops too.
  await page.click(".tour-next");
  await page.waitForFunction(() => location.search.includes("tour=3"));
  await page.goBack();
  await page.waitForFunction(() => document.querySelector(".tour")?.dataset.stop === "2");
  await page.keyboard.press("Escape");
  assert.equal(await page.$(".tour"), null, "Escape leaves the tour");
  assert.doesNotMatch(page.url(), /tour=/);
  // Without the tour, PageDown is ten steps again.
  const [before] = await stepOf(page);
  await page.keyboard.press("PageDown");
  assert.equal((await stepOf(page))[0], before + 10);
  assert.deepEqual(problems, []);
});

test("a stop's link opens it in a fresh browser, and a bad one says why", async () => {
  const { page, problems } = await open("?tour=8");
  assert.equal(await progress(page), "8 / 13");
  assert.equal(await page.$eval("#scenario", (e) => e.value), "s8");
  assert.equal(await page.$(".notice"), null);
  const bad = await open(`?v=1&m=${MODEL}&s=s5&step=3&tour=99`);
  assert.equal(await bad.page.$(".tour"), null);
  assert.match(await bad.page.textContent(".notice"), /The tour has stops 1 to 13; `tour=99` is not one of them\./);
  assert.deepEqual((await stepOf(bad.page))[0], 3, "the view of the link still opens");
  assert.deepEqual(problems, []);
  assert.deepEqual(bad.problems, []);
});

test("the tour resumes where it was left: a returning visit offers it, and the header's Tour button", async () => {
  const { page, problems } = await open("?tour=5");
  await page.click(".tour-next");
  await page.waitForFunction(() => document.querySelector(".tour")?.dataset.stop === "6");
  await page.click(".tour-close");
  assert.equal(await page.$(".tour"), null);
  // Same browser, a link with no parameters: welcome back.
  await page.goto(env.base);
  await page.waitForSelector(".bar");
  assert.match(await page.textContent(".tour-start"), /Resume the tour at 6 \/ 13/);
  await page.click(".tour-start");
  await page.waitForFunction(() => document.querySelector(".tour")?.dataset.stop === "6");
  await page.keyboard.press("Escape");
  await page.click(".tour-button");
  await page.waitForFunction(() => document.querySelector(".tour")?.dataset.stop === "6");
  assert.deepEqual(problems, []);
});

async function audit(page, what) {
  await page.addScriptTag({ path: "node_modules/axe-core/axe.min.js" });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  assert.deepEqual(bad, [], `axe-core, ${what}`);
}

for (const scheme of ["light", "dark"]) {
  test(`axe-core finds no serious or critical problem with the tour open, ${scheme}`, async () => {
    for (const [query, viewport] of [["?tour=1", { width: 1280, height: 800 }], ["?tour=6", { width: 1280, height: 800 }], ["?tour=13", { width: 390, height: 844 }]]) {
      const { page, problems } = await open(query, viewport, scheme);
      await page.waitForSelector(".tour");
      await audit(page, `${query} at ${viewport.width} px, ${scheme}`);
      assert.deepEqual(problems, []);
    }
    const { page, problems } = await open("", { width: 1280, height: 800 }, scheme);
    await audit(page, `the offer, ${scheme}`);
    assert.deepEqual(problems, []);
  });
}
