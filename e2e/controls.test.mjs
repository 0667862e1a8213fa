// Help that helps and controls that do what they look like (issue 17, the U-numbers of the
// second walk): the help's tabs and the model notes as a page, every gfp flag explained, the
// timeline and the phase pills, the phone and landscape layouts, knobs and notices, Predict,
// the sweep chart, Mine, the embed, colours, lanes lined up by phase or time, no SRI warning,
// and the editor at the top.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, SHOTS, MODEL } from "./harness.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });

async function open(query, viewport = { width: 1280, height: 800 }, options = {}) {
  const { page, problems } = await env.page(viewport, options);
  await page.goto(env.base + query);
  await page.waitForSelector(".bar");
  return { page, problems };
}
const stepOf = async (page) => Number((await page.textContent(".step-n")).match(/step (\d+)/)[1]);

test("U6: the help has About, Notation, Keyboard and the model notes as a page, pointing at nothing outside the site", async () => {
  const { page, problems } = await open(`?v=1&m=${MODEL}&s=s5&mode=list&step=6`);
  await page.click(".help-button");
  assert.equal(await page.getAttribute("[role=tab][aria-selected=true]", "data-tab"), "about");
  const about = await page.textContent("[role=tabpanel]");
  assert.match(about, /What this is/);
  assert.match(about, /Mel Gorman/);
  assert.match(about, /v6\.19, 2025/, "the timeline of versions");
  // The keys move between tabs; ? opens the keyboard tab.
  await page.focus("[role=tab][aria-selected=true]");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getAttribute("[role=tab][aria-selected=true]", "data-tab"), "notation");
  await page.keyboard.press("Escape");
  await page.keyboard.press("?");
  assert.equal(await page.getAttribute("[role=tab][aria-selected=true]", "data-tab"), "keyboard");
  assert.match(await page.textContent("[role=tabpanel]"), /PgUp PgDn.*tour/s);
  await page.click("[role=tab][data-tab=model]");
  await page.waitForSelector("[role=tabpanel] .doc h3");
  const doc = await page.$eval("[role=tabpanel] .doc", (d) => ({
    headings: d.querySelectorAll("h3, h4").length,
    tables: d.querySelectorAll("table").length,
    links: [...d.querySelectorAll("a")].map((a) => a.getAttribute("href")),
    text: d.innerText,
    pre: d.querySelectorAll("pre").length,
  }));
  assert.ok(doc.headings >= 8 && doc.tables >= 2, JSON.stringify(doc.headings));
  assert.ok(doc.links.some((h) => h.startsWith("https://elixir.bootlin.com/")));
  for (const outside of ["../", "shared/", "domain.md", "findings.md", "findings-2.md"]) {
    assert.ok(!doc.text.includes(outside) && doc.links.every((h) => !h.includes(outside)), `no ${outside}`);
  }
  await page.screenshot({ path: `${SHOTS}/help-model.png` });
  // About's story opens the tour at a stop.
  await page.click("[role=tab][data-tab=about]");
  await page.click(".story li:nth-child(7) button");
  await page.waitForFunction(() => document.querySelector(".tour")?.dataset.stop === "7");
  assert.deepEqual(problems, []);
});

test("U7: every gfp flag on screen explains itself, in one spelling, and the product has no internal wording", async () => {
  const { page, problems } = await open(`?v=1&m=${MODEL}&s=s1&mode=list&step=5`);
  const flags = await page.$$eval(".phase-strip .flag", (fs) => fs.map((f) => [f.textContent, f.getAttribute("title")]));
  assert.deepEqual(flags.map((f) => f[0]), ["GFP_NOWAIT", "NORETRY", "NOMEMALLOC", "NOWARN"]);
  for (const [name, title] of flags) assert.ok(title?.startsWith(`${name}: `) && title.length > 40, `${name}: ${title}`);
  // One spelling: the narration writes the same mask as the strip.
  assert.match(await page.textContent(".narration"), /GFP_NOWAIT\|NORETRY\|NOMEMALLOC\|NOWARN/);
  await page.click(".flags-help");
  assert.equal(await page.getAttribute("[role=tab][aria-selected=true]", "data-tab"), "notation");
  const notation = await page.textContent("[role=tabpanel]");
  for (const f of ["DIRECT_RECLAIM", "NORETRY", "NOMEMALLOC", "NOWARN", "HIGHMEM", "GFP_NOIO", "KSWAPD_RECLAIM", "IO", "FS", "HIGH"]) {
    assert.ok(notation.includes(f), `Notation explains ${f}`);
  }
  for (const term of ["bio, bvec", "round", "direct reclaim", "too small to fail"]) assert.ok(notation.includes(term), term);
  await page.keyboard.press("Escape");
  // A range in an error reads "0 to 64", and no section sign appears anywhere.
  const bad = await open(`?v=1&m=${MODEL}&s=s5&o=pcp.batch:0`);
  assert.match(await bad.page.textContent(".notice"), /allowed 1 to \d+/);
  await bad.page.click(".explore-toggle");
  for (const p of [page, bad.page]) assert.doesNotMatch(await p.textContent("body"), /§|\.\.=/);
  assert.deepEqual(problems, []);
  assert.deepEqual(bad.problems, []);
});

test("U16: the timeline's bar seeks, its markers are tab stops, a phase pill jumps to where its phase begins", async () => {
  const { page, problems } = await open(`?v=1&m=${MODEL}&s=s5&mode=list&step=21`);
  const box = await page.locator(".tl-row .track").boundingBox();
  await page.mouse.click(box.x + box.width * 0.8, box.y + box.height / 2);
  const total = Number((await page.textContent(".step-n")).match(/\/ (\d+)/)[1]);
  assert.equal(await stepOf(page), Math.round(total * 0.8));
  // Sleep, timeout and wake markers take the focus; Enter on one goes there.
  const tabbable = await page.$$eval(".marker", (ms) => ms.filter((m) => m.tabIndex >= 0).map((m) => m.className));
  assert.ok(tabbable.length >= 4 && tabbable.every((c) => /m-(sleep|timeout|wake)/.test(c)), tabbable.join());
  await page.focus(".marker.m-sleep");
  await page.keyboard.press("Enter");
  assert.match(await page.textContent(".phase.lit"), /Sleep/);
  // A pill is a button to the step where its phase next begins.
  await page.keyboard.press("Home");
  await page.click("button.phase.ph1");
  const drain = await stepOf(page);
  assert.equal(await page.textContent(".phase.lit"), "Pool drain");
  await page.keyboard.press("ArrowLeft");
  assert.notEqual(await page.textContent(".phase.lit"), "Pool drain", "it is where the drain begins");
  await page.keyboard.press("End");
  assert.equal(await page.$("button.phase"), null, "at the end nothing begins again: no button");
  assert.ok(drain > 0);
  assert.deepEqual(problems, []);
});

test("U9, U18: Explore opens into view on a phone, Edit JSON fits its button, landscape shows the narration", async () => {
  const { page, problems } = await open(`?v=1&m=${MODEL}&s=s8&step=69`, { width: 390, height: 844 });
  await page.click(".explore-toggle");
  await page.waitForFunction(() => {
    const r = document.querySelector(".explore")?.getBoundingClientRect();
    return r && r.top < innerHeight && r.bottom > 0;
  });
  for (const b of [".edit-button", ".tour-button", ".mine-button"]) {
    const fits = await page.$eval(b, (e) => e.scrollHeight <= e.clientHeight + 1 && e.scrollWidth <= e.clientWidth + 1);
    assert.ok(fits, `${b} holds its label`);
  }
  const land = await open(`?v=1&m=${MODEL}&s=s5&mode=list&step=21`, { width: 844, height: 390 });
  const top = await land.page.$eval(".narration", (n) => n.getBoundingClientRect().top);
  assert.ok(top < 390 - 40, `the narration starts at ${top} px of 390`);
  await land.page.screenshot({ path: `${SHOTS}/landscape.png` });
  assert.deepEqual(problems, []);
  assert.deepEqual(land.problems, []);
});

test("U28: a knob applies on change at once, and the place notice moves nothing under the pointer", async () => {
  const { page, problems } = await open(`?v=1&m=${MODEL}&s=s5&mode=list&step=36`, { width: 1280, height: 900 });
  await page.click(".explore-toggle");
  const knob = '.explore input[data-path="zone.free"]';
  // Explore is the whole app's: its first use loads it.
  await page.waitForSelector(knob);
  const before = await page.$eval(knob, (e) => e.getBoundingClientRect().top + scrollY);
  await page.$eval(knob, (e) => { e.value = "60"; e.dispatchEvent(new Event("change", { bubbles: true })); });
  // Well within the 300 ms a typing pause takes.
  await page.waitForFunction(() => location.search.includes("zone.free:60"), null, { timeout: 200 });
  // The run changed under the user: a notice says where the place went.
  assert.match(await page.textContent(".notice"), /is step \d+ here|nearest such step|as far into it/);
  const after = await page.$eval(knob, (e) => e.getBoundingClientRect().top + scrollY);
  assert.equal(after, before, "the knob stayed where it was");
  assert.equal(await page.$eval(".notice", (n) => getComputedStyle(n).position), "fixed");
  assert.deepEqual(problems, []);
});

test("U5: Predict asks before the screen gives it away, explains a wrong answer with its step, and ends right", async () => {
  const { page, problems } = await open(`?v=1&m=${MODEL}&s=s3&mode=list&step=2`);
  await page.click(".predict-toggle");
  // Predict is the whole app's: the keys below go to it once it has taken over with Predict on
  // (pressed before, they step the first module past the question).
  await page.waitForSelector(".predict-toggle.on");
  for (let i = 0; i < 5 && !(await page.$(".predict .question")); i++) await page.keyboard.press("ArrowRight");
  assert.equal(await stepOf(page), 4, "stopped before the call begins");
  assert.match(await page.textContent(".predict .question"), /^Before step 5: A asks the bulk allocator for 8 pages \(list delivery\)\. What will it return\?/);
  assert.doesNotMatch(await page.textContent("#scenario-summary"), /returns 1 page/, "the summary is held back");
  assert.ok(await page.$(".tl-fog"), "the timeline ahead is veiled");
  const marked = await page.$$eval(".marker", (ms) => ms.map((m) => Number(m.title.match(/step (\d+)/)[1])));
  assert.ok(marked.every((n) => n <= 4), `no marker after the step: ${marked}`);
  // A wrong answer: the reason is one sentence, with the step that decides it.
  const choices = await page.$$eval(".predict .choice", (cs) => cs.map((c) => c.textContent));
  const wrong = choices.findIndex((c) => !c.endsWith(" 1 page"));
  await page.click(`.predict .choice[data-choice="${wrong}"]`);
  assert.match(await page.textContent(".predict .verdict"), /^Not quite: .*; the answer is 1 page\.$/);
  assert.match(await page.textContent(".predict .why"), /^Step 6 decides it: Zone check fails: F = 45 <= low \+ nr = 48/);
  assert.match(await page.textContent("#scenario-summary"), /returns 1 page/);
  await page.click(".show-decides");
  assert.equal(await stepOf(page), 6);
  await page.keyboard.press("End");
  assert.match(await page.textContent(".predict-status"), /^No more questions ahead in this run\./);
  assert.deepEqual(problems, []);
});

test("U15: a sweep is titled in words, its labels are at least 11 px at 390 px, and the legend says what hides", async () => {
  const { page, problems } = await open(`?v=1&m=${MODEL}&s=s1`, { width: 390, height: 844 });
  await page.click(".explore-toggle");
  await page.selectOption(".sweep-param", "tasks.0.ops.0.nr");
  await page.fill(".sweep-from", "1");
  await page.press(".sweep-from", "Tab");
  await page.fill(".sweep-to", "16");
  await page.press(".sweep-to", "Tab");
  await page.selectOption(".sweep-metric", "sleeps");
  await page.check("input[name=sweep-by][value=semantics]");
  await page.click(".sweep-draw");
  await page.waitForSelector(".sweep-svg");
  assert.equal(await page.textContent(".sweep-svg .x-title"), "N (A), pages A's first call asks for");
  assert.equal(await page.textContent(".sweep-svg .y-title"), "sleeps on the pool");
  const small = await page.$$eval(".sweep-svg text", (ts) => ts.map((t) => t.getBoundingClientRect().height).filter((h) => h < 11));
  assert.deepEqual(small, [], "every label at least 11 px high");
  // Every version sleeps 0 times: three lines hide under the last one, and say so.
  const hidden = await page.$$eval(".sweep-key .overlap", (o) => o.map((x) => x.textContent));
  assert.equal(hidden.length, 3, hidden.join(" | "));
  assert.ok(hidden.every((h) => /hidden under v6\.0 · per-page mempool_alloc: the same at every point|hidden under .*: the same at every point/.test(h)));
  await page.locator(".sweep-chart").screenshot({ path: `${SHOTS}/sweep-390.png` });
  assert.deepEqual(problems, []);
});

test("U21: Mine asks before replacing, a deletion can be undone, a download takes the saved name", async () => {
  const { page, problems } = await open(`?v=1&m=${MODEL}&s=s8&o=pool.min_nr:6`, undefined, { acceptDownloads: true });
  await page.click(".mine-button");
  await page.fill(".save-name", "s8 small reserve");
  await page.click(".save-form .save");
  await page.waitForSelector(".saved[data-name='s8 small reserve']");
  await page.click(".save-form .save");
  assert.match(await page.textContent(".mine-message"), /is saved already: press Replace/);
  assert.equal(await page.textContent(".save-form .save"), "Replace");
  await page.click(".save-form .save");
  assert.match(await page.textContent(".mine-message"), /^Replaced “s8 small reserve”/);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(".saved[data-name='s8 small reserve'] .download")]);
  assert.equal(download.suggestedFilename(), "s8-small-reserve.json");
  await page.click(".saved[data-name='s8 small reserve'] .delete");
  assert.equal(await page.$(".saved"), null);
  await page.click(".mine-message .undo");
  await page.waitForSelector(".saved[data-name='s8 small reserve']");
  assert.match(await page.textContent(".mine-message"), /is back/);
  assert.deepEqual(problems, []);
});

test("U25: the 640×400 embed shows every line of its panels and its first pill whole", async () => {
  const { page, problems } = await open(`?v=1&m=${MODEL}&s=s5&step=36&embed=1`, { width: 640, height: 400 });
  const found = await page.evaluate(() => {
    const foot = document.querySelector(".embed-foot").getBoundingClientRect();
    const clipped = [...document.querySelectorAll(".embed-grid .panel, .embed-side")].filter((p) => p.scrollHeight > p.clientHeight + 1).length;
    const pill = document.querySelector(".phase").getBoundingClientRect();
    return { clipped, pillLeft: pill.left, below: [...document.querySelectorAll(".embed-grid *")].filter((e) => e.getBoundingClientRect().bottom > foot.top + 1 && e.getBoundingClientRect().height > 0).length };
  });
  assert.deepEqual(found, { clipped: 0, pillLeft: found.pillLeft, below: 0 });
  assert.ok(found.pillLeft >= 0);
  assert.deepEqual(problems, []);
});

test("U26: no version colour is a phase colour of the timeline", async () => {
  const { page, problems } = await open(`?v=1&m=${MODEL}&s=s5&view=versions&step=20`);
  const colours = await page.evaluate(() => {
    const bg = (sel) => { const e = document.querySelector(sel); return e ? getComputedStyle(e).backgroundColor : null; };
    const probe = (cls) => { const s = document.createElement("span"); s.className = cls; document.body.append(s); const c = getComputedStyle(s).backgroundColor; s.remove(); return c; };
    return {
      versions: ["bar-rfc-2022", "bar-v2-2023", "bar-mainline-6-19", "bar-k6-0"].map(probe),
      phases: ["p-setup", "p-bulk", "p-drain", "p-retry", "p-sleep", "p-wake", "p-free", "p-consumer"].map(probe),
      shown: bg(".bar-now"),
    };
  });
  for (const v of colours.versions) assert.ok(!colours.phases.includes(v), `${v} is a phase colour`);
  assert.equal(new Set(colours.versions).size, 4);
  assert.deepEqual(problems, []);
});

test("U27: the compare view lines its lanes up by phase or by time", async () => {
  const { page, problems } = await open(`?v=1&m=${MODEL}&s=s5&mode=list&step=21&view=compare`);
  const chips = () => page.$$eval(".lane-status li .lane-chip", (cs) => cs.map((c) => c.textContent));
  assert.ok(new Set(await chips()).size > 1, "by step the lanes are in different phases");
  await page.click("button[data-align=phase]");
  assert.deepEqual(new Set(await chips()).size, 1, (await chips()).join(" | "));
  assert.equal(await page.$$eval(".tl-lane-cursor", (c) => c.length), 3, "each lane marks its own step");
  await page.click("button[data-align=time]");
  await page.keyboard.press("End");
  const times = await page.$$eval(".lane-results", (r) => r.length);
  assert.equal(times, 3);
  await page.click("button[data-align=step]");
  assert.equal(await page.$$eval(".tl-lane-cursor", (c) => c.length), 0);
  assert.deepEqual(problems, []);
});

test("U29, U20: no integrity warning on load, and the editor opens at the top of the file", async () => {
  const { page, problems } = await env.page();
  const warnings = [];
  page.on("console", (m) => { if (m.type() === "warning") warnings.push(m.text()); });
  await page.goto(`${env.base}?v=1&m=${MODEL}&s=s8`);
  await page.waitForSelector(".bar");
  assert.deepEqual(warnings.filter((w) => /integrity/i.test(w)), []);
  await page.click(".edit-button");
  // The editor is the whole app's: the first use loads it (e2e/modules.test.mjs).
  await page.waitForSelector(".scenario-text");
  const at = await page.$eval(".scenario-text", (t) => [t.scrollTop, t.selectionStart, t.selectionEnd]);
  assert.deepEqual(at, [0, 0, 0]);
  assert.deepEqual(problems, []);
});
