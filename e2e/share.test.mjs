// Made for the mailing list (issue 9): copy the link or the text (the CLI's renderer), the
// fallback where the clipboard is refused, the embed player in a 640×400 iframe, predict mode
// with the keyboard, saved scenarios, files in and out, and links carrying markup.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { start, SHOTS } from "./harness.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });
afterEach(async () => { await env?.closePages(); });

const CLIP = { permissions: ["clipboard-read", "clipboard-write"] };

async function open(query, viewport = { width: 1280, height: 800 }, options = {}) {
  const { page, problems } = await env.page(viewport, options);
  await page.goto(env.base + query);
  await page.waitForSelector(".bar");
  return { page, problems };
}

async function copy(page, which) {
  await page.click(".share-menu summary");
  await page.click(`.share-menu .${which}`);
}
const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

/// The CLI this site's text must match, built by `cargo test` before the e2e step (which
/// passes its path). Missing, the parity checks fail: they are never skipped.
const CLI = process.env.BULKPOOL_CLI ?? "target/debug/bulkpool";
function cli(args) {
  assert.ok(existsSync(CLI), `the CLI ${CLI} is missing: build it (cargo build -p bulkpool-allocator) or set BULKPOOL_CLI`);
  return execFileSync(CLI, args).toString();
}

/// The model of the build under test (scripts/build.sh writes it into the page).
const M = readFileSync(`${process.env.DIST ?? "dist"}/index.html`, "utf8").match(/name="bulkpool-model" content="(\d+)"/)[1];

/// The rules of a text for a mail: ASCII, 72 columns but for a lone URL, no trailing space.
function assertMailText(text) {
  for (const line of text.split("\n")) {
    assert.match(line, /^[\x20-\x7e]*$/, `not ASCII: ${line}`);
    assert.ok(line.length <= 72 || /^\s*https?:\/\/\S+$/.test(line), `${line.length} columns: ${line}`);
    assert.doesNotMatch(line, / $/, `trailing space: ${line}`);
  }
}

test("Copy link, this step and the whole run, 72 columns, the link at the bottom", async () => {
  const { page, problems } = await open(`?v=1&m=${M}&s=s5&mode=list&step=36`, undefined, CLIP);
  await copy(page, "copy-link");
  await page.waitForSelector(".share-status:not(:empty)");
  const link = await clipboard(page);
  assert.equal(link, page.url());
  assert.equal(link, `${env.base}?v=1&m=${M}&s=s5&mode=list&step=36`);
  if (existsSync(CLI)) {
    // `bulkpool link` prints the link the page shows for the same view, mode included.
    const cli = execFileSync(CLI, ["link", "s5", "--step", "36", "--base", env.base]).toString();
    assert.equal(cli, `${link}\n`);
  }

  await copy(page, "copy-step");
  await page.waitForFunction(() => /this step/.test(document.querySelector(".share-status").textContent));
  const step = await clipboard(page);
  assertMailText(step);
  assert.match(step, new RegExp(`^bulkpool m=${M}: s5-sleep-5s \\(list delivery; Yang Shi RFC, Oct 2022\\)\nStep 36 of 78`));
  assert.match(step, /A joins the pool's wait queue and sleeps/);
  assert.ok(step.endsWith(`\n\nLink: ${link}\n`), step.slice(-120));
  // The same renderer as the CLI: `run --step 36 --link-base <site>` prints the same text.
  assert.equal(step, cli(["run", "s5", "--mode", "list", "--step", "36", "--link-base", env.base]));

  // The whole run (repeated steps folded) links to the run, not to this step; so do every step
  // and the summary; a range links to its first step. Each is what the CLI prints.
  const runLink = `${env.base}?v=1&m=${M}&s=s5&mode=list`;
  for (const [which, args, link, status] of [
    ["copy-run", [], runLink, /whole run/],
    ["copy-full", ["--full"], runLink, /every step/],
    ["copy-summary", ["--summary"], runLink, /summary/],
  ]) {
    await copy(page, which);
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector(".share-status").textContent), status.source);
    const text = await clipboard(page);
    assertMailText(text);
    assert.ok(text.endsWith(`\n\nLink: ${link}\n`), `${which}: ${text.slice(-100)}`);
    if (existsSync(CLI)) {
      const cli = execFileSync(CLI, ["run", "s5", "--mode", "list", ...args, "--link-base", env.base]).toString();
      assert.equal(text, cli, which);
    }
  }
  await page.click(".share-menu summary");
  await page.fill(".range-from", "30");
  await page.fill(".range-to", "40");
  await page.click(".copy-steps");
  await page.waitForFunction(() => /the steps/.test(document.querySelector(".share-status").textContent));
  const range = await clipboard(page);
  assert.ok(range.endsWith(`\n\nLink: ${env.base}?v=1&m=${M}&s=s5&mode=list&step=30\n`), range.slice(-100));
  if (existsSync(CLI)) {
    const cli = execFileSync(CLI, ["run", "s5", "--mode", "list", "--steps", "30..40", "--link-base", env.base]).toString();
    assert.equal(range, cli, "steps 30..40");
  }
  // Editing the range clears the status, which spoke of the range copied before: copied
  // again just now, so that the status's own 4 s cannot be what clears it.
  await page.click(".share-menu summary");
  await page.click(".copy-steps");
  await page.waitForFunction(() => /the steps/.test(document.querySelector(".share-status").textContent));
  await page.click(".share-menu summary");
  await page.fill(".range-to", "41");
  // At once, not when the status's own 4 s are up.
  await page.waitForSelector(".share-status:empty", { state: "attached", timeout: 1000 });
  await page.fill(".range-to", "40");
  // The range typed stays while the step does; a new step makes a new one, the ten steps up to it.
  const rangeShown = () => page.$eval(".copy-range", (f) => [f.querySelector(".range-from").value, f.querySelector(".range-to").value]);
  await page.click(".share-menu summary");
  await page.click(".share-menu summary");
  assert.deepEqual(await rangeShown(), ["30", "40"]);
  await page.keyboard.press("Escape");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => location.search.endsWith("step=37"));
  await page.click(".share-menu summary");
  await page.waitForFunction(() => document.querySelector(".range-from").value === "27");
  assert.deepEqual(await rangeShown(), ["27", "37"]);
  assert.deepEqual(problems, []);
});

test("Copy ▾ closes on Escape and on a click elsewhere; its status moves nothing and clears when the step changes", async () => {
  const { page, problems } = await open(`?v=1&m=${M}&s=s8&mode=list&step=69`, undefined, CLIP);
  const isOpen = () => page.$eval(".share-menu", (d) => d.open);
  await page.click(".share-menu summary");
  // The menu comes with the whole app, loaded on this first use (web/src/full.rs), open.
  await page.waitForSelector(".share-menu .copy-link");
  assert.equal(await isOpen(), true);
  await page.keyboard.press("Escape");
  assert.equal(await isOpen(), false, "Escape closes it");
  assert.equal(await page.evaluate(() => document.activeElement.matches(".share-menu summary")), true, "focus back on Copy");
  await page.click(".share-menu summary");
  await page.click(".counters");
  assert.equal(await isOpen(), false, "a click elsewhere closes it");
  const where = () => page.$$eval(".bar button, .share-menu summary", (els) => els.map((e) => { const r = e.getBoundingClientRect(); return `${e.className}@${Math.round(r.x)},${Math.round(r.y)}`; }));
  const before = await where();
  await copy(page, "copy-step");
  await page.waitForSelector(".share-status:not(:empty)");
  assert.deepEqual(await where(), before, "the status moves nothing");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector(".share-status:empty", { state: "attached" });
  assert.equal(await page.textContent(".share-status"), "", "a step later, the status is gone");
  // And by itself after a few seconds.
  await copy(page, "copy-link");
  await page.waitForSelector(".share-status:not(:empty)");
  await page.waitForSelector(".share-status:empty", { state: "attached", timeout: 8_000 });
  assert.deepEqual(problems, []);
});

test("a variant's step text, as it sits in a mail: the variant named, the link whole on its own line", async () => {
  const query = `?v=1&m=${M}&s=s8&o=pool.min_nr:6,pool.curr_nr:6&mode=list&step=65`;
  const { page, problems } = await open(query, undefined, CLIP);
  assert.equal(await page.title(), "s8 variant step 65 — bulkpool");
  await copy(page, "copy-step");
  await page.waitForFunction(() => /this step/.test(document.querySelector(".share-status").textContent));
  const text = await clipboard(page);
  assertMailText(text);
  assert.match(text, /\nVariant: s8 \+ pool\.min_nr=6, pool\.curr_nr=6\n/);
  const link = `${env.base}${query}`;
  assert.ok(text.endsWith(link.length + 6 <= 72 ? `\nLink: ${link}\n` : `\nLink:\n${link}\n`), text.slice(-160));
  writeFileSync(`${SHOTS}/mail-variant-step.txt`, text);
  assert.deepEqual(problems, []);
});

test("where the clipboard refuses, the text is shown selected for copying by hand", async () => {
  const { page, problems } = await open("?v=1&s=s1&step=3");
  await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error("denied")); });
  await copy(page, "copy-step");
  await page.waitForSelector(".copy-dialog");
  const [text, start, end] = await page.$eval(".copy-text", (t) => [t.value, t.selectionStart, t.selectionEnd]);
  assert.match(text, /^bulkpool m=\d+: s1-happy-path/);
  assert.equal(start, 0);
  assert.equal(end, text.length, "all of it selected");
  assert.equal(await page.$eval(".copy-text", (t) => t.readOnly), true);
  await page.keyboard.press("Escape");
  assert.equal(await page.$(".copy-dialog"), null);
  assert.deepEqual(problems, []);
});

test("?embed=1 fits a 640×400 iframe without scrolling at every step, and links to the full view", async () => {
  const { page, problems } = await env.page({ width: 800, height: 600 });
  const src = `${env.base}?v=1&m=${M}&s=s5&mode=list&embed=1`;
  await page.goto(env.base);
  // The start page is the whole app, loaded after the first module: let it settle (its address
  // bar written) before the page is replaced, or the browser asks for the new page's icon.
  await page.waitForSelector(".bar");
  await page.setContent(`<iframe id="f" src="${src}" width="640" height="400" style="border:0"></iframe>`);
  const frame = await (await page.waitForSelector("#f")).contentFrame();
  await frame.waitForSelector(".bar");
  assert.equal(await frame.$("header"), null, "no header");
  assert.equal(await frame.$(".edit-button"), null, "no editor");
  for (const part of [".phase-strip", ".controls", ".narration", ".delivery", ".mempool"]) {
    assert.ok(await frame.$(part), `has ${part}`);
  }
  assert.equal(await frame.getAttribute(".full-view", "href"), `${env.base}?v=1&m=${M}&s=s5&mode=list`);
  const [, total] = (await frame.textContent(".step-n")).match(/\/ (\d+)/);
  const last = Number(total);
  // Next, step by step to the last step (where Next is disabled and not clicked).
  for (let i = 0; i <= last; i++) {
    await frame.waitForFunction((i) => document.querySelector(".step-n").textContent.startsWith(`step ${i} /`), i);
    const size = await frame.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
    assert.ok(size[0] <= 640 && size[1] <= 400, `step ${i}: the page is ${size[0]}×${size[1]}`);
    if (i === 36) await page.screenshot({ path: `${SHOTS}/embed.png` });
    if (i < last) await frame.click(".ctl.next");
  }
  assert.match(await frame.textContent(".step-n"), new RegExp(`^step ${last} / ${last}\\b`), "the walk reached the last step");
  assert.equal(await frame.isDisabled(".ctl.next"), true, "Next is disabled at the last step");
  assert.deepEqual(problems, []);
});

test("predict mode stops before a question and takes the answer from keys 1 to 4", async () => {
  const { page, problems } = await open("?v=1&s=s5&mode=list&step=12");
  await page.click(".predict-toggle");
  for (let i = 0; i < 10 && !(await page.$(".predict .question")); i++) await page.keyboard.press("ArrowRight");
  const question = await page.textContent(".predict .question");
  assert.match(question, /^Before step (\d+): What does A do next\?/);
  const [, at] = question.match(/step (\d+)/);
  const before = (await page.textContent(".step-n")).match(/step (\d+)/)[1];
  assert.equal(Number(before), Number(at) - 1, "stopped on the step before");
  assert.equal(await page.getAttribute(".predict [aria-live]", "aria-live"), "polite");
  const choices = await page.$$eval(".predict .choice", (b) => b.map((x) => x.textContent));
  assert.ok(choices.length >= 2 && choices.length <= 4, choices.join(" | "));
  await page.keyboard.press("1");
  assert.match(await page.textContent(".step-n"), new RegExp(`step ${at} /`), "the answer reveals the step");
  assert.match(await page.textContent(".predict .verdict"), /^(Right|Not quite)/);
  assert.match(await page.textContent(".predict .score"), /of 1 asked$/);
  // A jump drops a waiting question; the player moves freely.
  for (let i = 0; i < 30 && !(await page.$(".predict .question")); i++) await page.keyboard.press("ArrowRight");
  assert.ok(await page.$(".predict .question"), "a second question");
  await page.keyboard.press("End");
  assert.equal(await page.$(".predict .question"), null, "End dropped the question");
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowRight");
  assert.match(await page.textContent(".step-n"), /^step 1 /, "→ steps again");
  assert.deepEqual(problems, []);
});

test("a saved scenario survives a reload, opens from the picker under Mine, and can be deleted", async () => {
  const { page, problems } = await open("?v=1&s=s5&o=zone.free:30&mode=list");
  await page.click(".mine-button");
  await page.fill(".save-name", "free 30");
  await page.click(".save-form .save");
  await page.waitForSelector(".saved[data-name='free 30']");
  await page.keyboard.press("Escape");
  await page.goto(`${env.base}?v=1&s=s1`);
  await page.waitForSelector(".bar");
  const mine = await page.$$eval("#scenario optgroup[label=Mine] option", (o) => o.map((x) => x.textContent));
  assert.deepEqual(mine, ["free 30"]);
  await page.selectOption("#scenario", { label: "free 30" });
  await page.waitForFunction(() => location.search.includes("o=zone.free:30"));
  assert.match(await page.textContent("#scenario-summary"), /variant s5 \+ zone\.free=30/);
  await page.click(".mine-button");
  await page.click(".saved[data-name='free 30'] .delete");
  assert.equal(await page.$(".saved"), null);
  await page.keyboard.press("Escape");
  assert.equal(await page.$("#scenario optgroup[label=Mine]"), null);
  assert.deepEqual(problems, []);
});

test("Download writes the file bulkpool run reads, and Open file checks a file like a link", async () => {
  const { page, problems } = await open("?v=1&s=s8", undefined, { acceptDownloads: true });
  await page.click(".mine-button");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(".download-current")]);
  assert.equal(download.suggestedFilename(), "s8-deadlock.json");
  const file = readFileSync(await download.path(), "utf8");
  assert.equal(JSON.parse(file).name, "s8-deadlock");
  assert.equal(file + "\n", cli(["show", "s8"]), "the file is what `bulkpool show s8` prints");
  const upload = (name, text) => page.setInputFiles(".open-file input", { name, mimeType: "application/json", buffer: Buffer.from(text) });
  await upload("bad.json", '{ "zone": { "pages": 3 } }');
  await page.waitForSelector(".mine-error:not(:empty)");
  assert.match(await page.textContent(".mine-error"), /^bad\.json: zone\.pages: 3 is out of range/);
  await upload("good.json", '{ "name": "from-file", "zone": { "free": 45 } }');
  await page.waitForFunction(() => !document.querySelector("[role=dialog]"));
  assert.match(await page.textContent("#scenario-summary"), /custom scenario “from-file”/);
  assert.deepEqual(problems, []);
});

test("markup in a link's strings is shown as text and never runs", async () => {
  const payloads = ["<script>window.__x=1</script>", "<img src=x onerror=window.__x=2>", "<b onclick=x>B</b>", "\"><svg onload=window.__x=3>"];
  const scenario = {
    name: payloads[1],
    description: payloads.join(" "),
    tasks: [{ name: "<i>A</i>" }, { name: "<svg onload=x>", ops: [{ op: "mempool_bulk", nr: 2 }] }],
  };
  const links = [
    `?json=${encodeURIComponent(JSON.stringify(scenario))}`,
    `?v=1&s=s5&o=${encodeURIComponent(`name:"${payloads[0]}",description:"${payloads[3].replace(/"/g, '\\"')}",tasks.0.name:"<b>A</b>"`)}`,
    `?v=1&s=${encodeURIComponent(payloads[1])}&mode=${encodeURIComponent(payloads[0])}&view=${encodeURIComponent(payloads[2])}`,
  ];
  for (const q of links) {
    const { page, problems } = await env.page();
    const dialogs = [];
    page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.goto(env.base + q);
    await page.waitForSelector(".bar");
    await page.keyboard.press("End");
    await page.click(".legend-box summary");
    const found = await page.evaluate(() => ({
      ran: window.__x,
      injected: document.querySelectorAll("main script, header script, main img, header img, .notice *:not(button), [onload], [onerror], [onclick], i, b:not(.scenario-title)").length,
      text: document.body.innerText,
    }));
    assert.equal(found.ran, undefined, `${q}: script ran`);
    assert.equal(found.injected, 0, `${q}: markup became elements`);
    assert.deepEqual(dialogs, []);
    assert.ok(found.text.includes("<") , `${q}: the markup shows as text`);
    assert.deepEqual(problems, [], q);
  }
});
