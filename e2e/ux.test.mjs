// A new user's first minutes (issue 8): no keyboard traps, nothing clipped at any width, every
// state explained, and an accessibility audit with axe-core in light, dark and compare views.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { start, SHOTS } from "./harness.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });
afterEach(async () => { await env?.closePages(); });

async function open(query, viewport, colorScheme = "light") {
  const { page, problems } = await env.page(viewport);
  await page.emulateMedia({ colorScheme });
  await page.goto(env.base + query);
  await page.waitForSelector(".bar");
  return { page, problems };
}

async function stepNumber(page) {
  const [, n, total] = (await page.textContent(".step-n")).match(/step (\d+) \/ (\d+)/);
  return [Number(n), Number(total)];
}
const dialogOpen = (page) => page.evaluate(() => !!document.querySelector("[role=dialog]"));
const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return a ? `${a.tagName.toLowerCase()}.${a.className}` : "";
});
const focusInDialog = (page) => page.evaluate(() => !!document.activeElement?.closest("[role=dialog]"));

test("the editor closes with Cancel, Escape and the backdrop, and keeps the place and the link", async () => {
  const { page, problems } = await open("?s=s5&mode=list&step=36");
  const url = page.url();
  for (const how of ["cancel", "enter-on-cancel", "escape", "backdrop"]) {
    await page.click(".edit-button");
    assert.ok(await dialogOpen(page), `${how}: the editor opened`);
    assert.equal(await focused(page), "textarea.scenario-text", `${how}: focus moves into the editor`);
    if (how === "cancel") await page.click(".editor .close");
    if (how === "enter-on-cancel") { await page.focus(".editor .close"); await page.keyboard.press("Enter"); }
    if (how === "escape") await page.keyboard.press("Escape");
    if (how === "backdrop") await page.mouse.click(5, 5);
    assert.equal(await dialogOpen(page), false, `${how} closes the editor`);
    assert.equal(page.url(), url, `${how}: the link is unchanged`);
    assert.deepEqual(await stepNumber(page), [36, 78], `${how}: the step is kept`);
    assert.equal(await focused(page), "button.edit-button", `${how}: focus returns to the opener`);
  }
  // Tab stays inside the dialog.
  await page.click(".edit-button");
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    assert.ok(await focusInDialog(page), `Tab ${i + 1} stays in the editor`);
  }
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Shift+Tab");
    assert.ok(await focusInDialog(page), `Shift+Tab ${i + 1} stays in the editor`);
  }
  // Arrows do not step the run behind it.
  await page.focus(".editor .run");
  await page.keyboard.press("ArrowRight");
  assert.deepEqual(await stepNumber(page), [36, 78]);
  await page.keyboard.press("Escape");
  // A JSON error names its position once and puts the caret there.
  await page.click(".edit-button");
  await page.fill(".scenario-text", '{\n  "name": "x",\n  zone: 1\n}');
  await page.click(".editor .run");
  const error = await page.textContent(".editor-error");
  assert.match(error, /^line 3, column 3: key must be a string$/);
  const caret = await page.$eval(".scenario-text", (t) => t.selectionStart);
  assert.equal(caret, '{\n  "name": "x",\n  '.length);
  assert.equal(await focused(page), "textarea.scenario-text");
  await page.keyboard.press("Escape");
  // The help traps focus the same way and closes on the backdrop.
  await page.keyboard.press("?");
  assert.ok(await dialogOpen(page));
  assert.ok(await focusInDialog(page), "focus moves into the help");
  await page.keyboard.press("ArrowRight");
  assert.deepEqual(await stepNumber(page), [36, 78], "→ does not step behind the help");
  await page.mouse.click(5, 5);
  assert.equal(await dialogOpen(page), false, "the backdrop closes the help");
  assert.deepEqual(problems, []);
});

test("after a choice in a select, the arrow keys step the run", async () => {
  const { page, problems } = await open("?s=s1");
  await page.focus("#scenario");
  await page.selectOption("#scenario", "s5");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.$eval("#scenario", (s) => s.value), "s5", "→ did not change the scenario");
  assert.equal((await stepNumber(page))[0], 2, "→ stepped");
  await page.focus("#semantics");
  await page.selectOption("#semantics", "k6.0");
  const [before] = await stepNumber(page);
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.$eval("#semantics", (s) => s.value), "k6.0", "→ did not change the semantics");
  assert.equal((await stepNumber(page))[0], before + 1, "→ stepped from the semantics select");
  // ↓ still chooses in a focused select, and the select keeps the focus for the next ↓.
  await page.keyboard.press("ArrowDown");
  assert.notEqual(await page.$eval("#semantics", (s) => s.value), "k6.0", "↓ chose the next semantics");
  assert.equal(await focused(page), "select.", "the select keeps the focus");
  assert.deepEqual(problems, []);
});

test("Space presses a focused button and plays only when no control has the focus", async () => {
  const { page, problems } = await open("?s=s1&mode=list");
  await page.focus("button[data-mode=array]");
  await page.keyboard.press(" ");
  assert.equal(await page.getAttribute("button[data-mode=array]", "aria-pressed"), "true", "Space chose array");
  assert.equal(await page.getAttribute(".ctl.play", "aria-label"), "Play (Space)", "and did not start playing");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.mode), "array", "the button keeps the focus");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.mode), "callback", "Tab goes on from there");
  await page.focus(".ctl.next");
  await page.keyboard.press(" ");
  assert.equal((await stepNumber(page))[0], 1, "Space on Next steps once");
  assert.equal(await page.getAttribute(".ctl.play", "aria-label"), "Play (Space)");
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press(" ");
  assert.equal(await page.getAttribute(".ctl.play", "aria-label"), "Pause (Space)", "Space with no focus plays");
  await page.keyboard.press(" ");
  assert.deepEqual(problems, []);
});

// Everything that sticks out of its panel, or out of the page: elements past their panel's
// edges, and content wider than its box (clipped, or spilling over).
function overflows() {
  const bad = [];
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw) bad.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  const where = (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
  for (const panel of document.querySelectorAll(".panel, .lane, .header, .bar, .timeline, .notice, .lane-status")) {
    const p = panel.getBoundingClientRect();
    if (p.left < -1 || p.right > vw + 1) bad.push(`${where(panel)} spans ${p.left}..${p.right} of ${vw}`);
    for (const el of panel.querySelectorAll("*")) {
      if (el.closest(".sr-only, .top-mark, option, details:not([open]) > :not(summary)")) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < p.left - 1 || r.right > p.right + 1) {
        bad.push(`${where(el)} "${el.textContent.slice(0, 40)}" spans ${Math.round(r.left)}..${Math.round(r.right)} outside ${where(panel)} ${Math.round(p.left)}..${Math.round(p.right)}`);
      } else if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && !["SELECT", "INPUT", "CANVAS"].includes(el.tagName)) {
        const ox = getComputedStyle(el).overflowX;
        if (ox !== "auto" && ox !== "scroll") bad.push(`${where(el)} "${el.textContent.slice(0, 40)}" is ${el.scrollWidth} wide in ${el.clientWidth}`);
      }
    }
  }
  return [...new Set(bad)].slice(0, 6);
}

for (const width of [390, 1280, 1920]) {
  test(`no step of s1, s5 or s8 overflows at ${width} px`, async () => {
    const { page, problems } = await open("?s=s1", { width, height: width === 390 ? 844 : 900 });
    let steps = 0;
    for (const s of ["s1", "s5", "s8"]) {
      await page.goto(`${env.base}?s=${s}`);
      await page.waitForSelector(".bar");
      const [, total] = await stepNumber(page);
      for (let i = 0; i <= total; i++) {
        const bad = await page.evaluate(overflows);
        assert.deepEqual(bad, [], `${s} step ${i} at ${width} px`);
        if (i === 36 && s === "s5") await page.screenshot({ path: `${SHOTS}/s5-36-${width}.png`, fullPage: width === 390 });
        await page.keyboard.press("ArrowRight");
        steps++;
      }
    }
    assert.ok(steps > 250, `walked ${steps} steps`);
    assert.deepEqual(problems, []);
  });
}

for (const scheme of ["light", "dark"]) {
  test(`axe-core finds no serious or critical problem: the Explore panel and a sweep, ${scheme}`, async () => {
    const { page, problems } = await open("?v=1&s=s1", { width: 1280, height: 800 }, scheme);
    await page.click(".explore-toggle");
    await page.selectOption(".sweep-param", "tasks.0.ops.0.nr");
    await page.click(".sweep-draw");
    await page.waitForSelector(".sweep-time");
    await page.click(".table-toggle");
    await audit(page, `Explore with a sweep and its table, ${scheme}`);
    assert.deepEqual(problems, []);
  });
}

test("at 390 px the controls don't overlap, the explanation comes first and tap targets are 24 px", async () => {
  const { page, problems } = await open("?s=s5&mode=list&step=36", { width: 390, height: 844 });
  const boxes = await page.$$eval(".pickers .field, .pickers .header-buttons", (els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const apart = a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
      assert.ok(apart, `header fields ${i} and ${j} overlap`);
    }
  }
  const order = await page.evaluate(() => ["phase-strip", "narration", "zone"].map((c) => document.querySelector(`.${c}`).getBoundingClientRect().top));
  assert.ok(order[0] < order[1] && order[1] < order[2], `phase strip, then What happened, then the zone: ${order}`);
  const small = await page.$$eval(".marker, .ctl, .seg, .help-button, .edit-button, .scrubber, .legend-box summary, select", (els) =>
    els.filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.width < 24 || r.height < 24); })
      .map((e) => `${e.className}: ${e.getBoundingClientRect().width}×${e.getBoundingClientRect().height}`));
  assert.deepEqual(small, []);
  await page.screenshot({ path: `${SHOTS}/phone-s5-36.png` });
  assert.deepEqual(problems, []);
});

test("at 390 px the Notation puts each term above its meaning and the sweep's metric fits its select", async () => {
  const { page, problems } = await open("?s=s5&mode=list", { width: 390, height: 844 });
  await page.click(".explore-toggle");
  await page.waitForSelector(".sweep-metric");
  // The chosen option's text, measured in the select's font, fits inside it beside its arrow.
  const metric = await page.$eval(".sweep-metric", (s) => {
    const ctx = document.createElement("canvas").getContext("2d");
    const cs = getComputedStyle(s);
    ctx.font = `${cs.fontSize} ${cs.fontFamily}`;
    const o = s.options[s.selectedIndex];
    return [ctx.measureText(o.text).width, s.clientWidth, o.text, o.title];
  });
  assert.ok(metric[0] + 30 <= metric[1], `the metric's text fits its select: ${metric}`);
  assert.equal(metric[2], "delivery work");
  assert.match(metric[3], /^delivery work \(list inserts/, "the whole title on the option");
  await page.click(".help-button");
  await page.click(".help-tab:has-text('Notation')");
  await page.waitForSelector(".dialog dl dt");
  const [dt, dd] = await page.$$eval(".dialog dl > :is(dt, dd)", (els) => els.slice(0, 2).map((e) => e.getBoundingClientRect().toJSON()));
  assert.ok(dd.top >= dt.bottom - 0.5, "the meaning under its term");
  assert.ok(dd.width > 250, `the meaning ${dd.width} px wide`);
  assert.ok(dd.left >= dt.left + 8, "the meaning indented under its term");
  assert.deepEqual(problems, []);
});

test("a custom scenario shows its own lesson, not s1's; Run on an unchanged preset keeps it", async () => {
  const { page, problems } = await open("?s=s5&mode=list&step=36");
  await page.click(".edit-button");
  await page.click(".editor .run");
  assert.equal(await dialogOpen(page), false, "Run closes the editor");
  assert.match(page.url(), /\?v=1&m=\d+&s=s5&mode=list&step=36$/, "an unchanged preset stays the preset, at its step");
  await page.goto(`${env.base}?s=s5`);
  await page.waitForSelector(".bar");
  await page.click(".edit-button");
  const text = await page.inputValue(".scenario-text");
  await page.fill(".scenario-text", text.replace('"name": "s5-sleep-5s"', '"name": "mine"').replace('"free": 28', '"free": 30'));
  await page.click(".editor .run");
  await page.waitForFunction(() => location.search.includes("o="));
  assert.match(page.url(), /\?v=1&m=\d+&s=s5&o=name:mine,zone.free:30&mode=list$/, "a variant links as the preset plus overrides");
  const intro = await page.textContent(".narration-text");
  assert.doesNotMatch(intro, /Happy path/);
  assert.match(intro, /^variant s5 \+ name=mine, zone\.free=30: s5's own description/);
  assert.match(intro, /direct reclaim frees 32 pages/);
  const linked = await open(`?json=${encodeURIComponent('{"name":"mine","semantics":"mainline-6.19","mode":"array"}')}`);
  assert.doesNotMatch(await linked.page.textContent(".narration-text"), /Happy path/);
  assert.match(await linked.page.textContent(".narration-text"), /custom scenario “mine”/);
  assert.deepEqual([...problems, ...linked.problems], []);
});

test("s8 ends by saying it is a deadlock and which state repeats", async () => {
  const { page, problems } = await open("?s=s8");
  await page.keyboard.press("End");
  const outcome = await page.textContent(".narration .outcome");
  assert.equal(await page.textContent(".narration .outcome .outcome-badge"), "deadlock");
  assert.match(outcome, /Outcome: deadlock\. The run ends at t = 15000 ms: the state at t = 10000 ms repeats the state at t = 5000 ms/);
  assert.match(outcome, /every 5 s timeout repeats the same retry without progress/);
  await page.screenshot({ path: `${SHOTS}/s8-end.png` });
  // Every run ends with its outcome, in the compare lanes too.
  const s5 = await open("?s=s5&view=compare");
  await s5.page.keyboard.press("End");
  for (const mode of ["list", "array", "callback"]) {
    assert.match(await s5.page.textContent(`.lane[data-mode=${mode}] .lane-results`), /A got 8 pages/);
  }
  assert.deepEqual([...problems, ...s5.problems], []);
});

test("switching delivery or semantics keeps the place", async () => {
  const { page, problems } = await open("?s=s5&mode=list&step=36");
  assert.equal(await page.textContent(".phase.lit"), "Sleep / wake");
  await page.click("button[data-mode=array]");
  const [step] = await stepNumber(page);
  assert.ok(step > 0, "not back to step 0");
  assert.equal(await page.textContent(".phase.lit"), "Sleep / wake", "the same phase");
  assert.match(await page.textContent(".phase-facts .round"), /A · round 2/, "the same task and round");
  assert.match(page.url(), new RegExp(`mode=array&step=${step}$`));
  assert.match(await page.textContent(".notice"), /same task, phase and round/);
  // An explicit semantics stays when the mode offers it.
  await page.selectOption("#semantics", "v2-2023");
  await page.click("button[data-mode=callback]");
  assert.equal(await page.$eval("#semantics", (s) => s.value), "v2-2023");
  // The compare view hides the delivery switch: its lanes show every mode.
  await page.click("button[data-view=compare]");
  assert.equal(await page.$("button[data-mode=list]"), null);
  assert.equal(await page.locator(".lane-status li").count(), 3);
  assert.deepEqual(problems, []);
});

test("an invalid combination is explained in visible words", async () => {
  const { page, problems } = await open("?s=s6&mode=list");
  const note = await page.textContent("#semantics-note");
  assert.match(note, /Not available with list delivery: .*v6\.19 \(array only\)/);
  assert.doesNotMatch(note, /mainline-6\.19|rfc-2022/);
  const link = await open("?s=s8c&mode=list");
  const notice = await link.page.textContent(".notice");
  assert.doesNotMatch(notice, /tasks\[0\]/);
  assert.match(notice, /v6\.19 offers array delivery, not list/);
  assert.deepEqual([...problems, ...link.problems], []);
});

test("the title names scenario and step, and Back and Forward walk the user's choices", async () => {
  const { page, problems } = await open("?s=s5&mode=list&step=36");
  assert.equal(await page.title(), "s5 step 36 — bulkpool");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.title(), "s5 step 37 — bulkpool");
  await page.selectOption("#scenario", "s8");
  assert.equal(await page.title(), "s8 — bulkpool");
  await page.click("button[data-view=compare]");
  assert.match(page.url(), /\?v=1&m=\d+&s=s8&mode=list&view=compare$/);
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes("compare"));
  assert.ok(await page.$("button[data-mode=list]"), "Back returns to the step view");
  await page.goBack();
  await page.waitForFunction(() => location.search.includes("s=s5"));
  assert.equal(await page.$eval("#scenario", (s) => s.value), "s5");
  assert.deepEqual(await stepNumber(page), [37, 78], "Back returns to the step the user left");
  await page.goForward();
  await page.waitForFunction(() => location.search.includes("s=s8"));
  assert.equal(await page.$eval("#scenario", (s) => s.value), "s8");
  assert.deepEqual(problems, []);
});

test("the notation legend is one click away", async () => {
  const { page, problems } = await open("?s=s5&mode=list&step=36");
  assert.equal(await page.isVisible(".legend-box .terms"), false);
  await page.click(".legend-box summary");
  const legend = await page.textContent(".legend-box");
  for (const term of ["nr_free_pages", "pcp->count", "PGALLOC", "reserved", "SIMPL", "RFC-2022", "K6.0", "[A]", "sleepable retry"]) {
    assert.ok(legend.includes(term), `the legend explains ${term}`);
  }
  assert.doesNotMatch(await page.textContent("body"), /domain\.md/);
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

for (const [what, query, scheme] of [
  ["s5 mid-run, light", "?s=s5&mode=list&step=36", "light"],
  ["s5 mid-run, dark", "?s=s5&mode=list&step=36", "dark"],
  ["compare view, light", "?s=s6&view=compare&step=12", "light"],
  ["compare view, dark", "?s=s6&view=compare&step=30", "dark"],
  ["compare view by version, light", "?v=1&s=s8&view=versions&step=20", "light"],
  ["compare view by version, dark", "?v=1&s=s8&view=versions&step=20", "dark"],
]) {
  test(`axe-core finds no serious or critical problem: ${what}`, async () => {
    const { page, problems } = await open(query, { width: 1280, height: 800 }, scheme);
    await audit(page, what);
    // The legend and the help are part of the page a user reads.
    if (query.includes("s5")) {
      await page.click(".legend-box summary");
      await audit(page, `${what}, legend open`);
      await page.keyboard.press("?");
      await audit(page, `${what}, help open`);
    }
    assert.deepEqual(problems, []);
  });
}
