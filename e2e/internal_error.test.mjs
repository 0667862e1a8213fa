// A panic in the release build (panic = "abort": the WebAssembly stops where it panicked) is
// visible: a notice over the page says "Internal error — please report it" with the page's
// link to copy. The panic is a real one, caused from outside the app the way it happens in the
// wild: a browser extension (a translator, say) moves a node Yew owns, and Yew's next
// insertion before that node fails ("failed to insert node before next sibling").
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { start, SHOTS, MODEL } from "./harness.mjs";

let env;
before(async () => { env = await start(); });
after(async () => { await env?.stop(); });
afterEach(async () => { await env?.closePages(); });

const CLIP = { permissions: ["clipboard-read", "clipboard-write"] };
// What the provoked panic logs: the panic hook's message, and the trap of panic = "abort"
// (both asserted); before them, Yew's own log of the failed insertion (allowed).
const PANIC = [/^console: panicked at .*failed to insert node/s, /^uncaught: .*unreachable/];
const YEW_LOG = /^console: failed to insert node before next sibling NotFoundError/;

test("a panic shows the internal-error notice with the page's link to copy", async () => {
  const { page, problems, expect } = await env.page({ width: 1280, height: 720 }, CLIP);
  await page.goto(env.base + "?v=1&s=s5&mode=list&step=7");
  await page.waitForSelector(".bar");
  assert.equal(await page.$(".internal-error"), null, "no notice while all is well");
  assert.deepEqual(problems, []);
  // What an extension does: wrap a node of the app's in an element of its own.
  await page.evaluate(() => {
    const footer = document.querySelector("footer.footer");
    const wrapper = document.createElement("font");
    footer.replaceWith(wrapper);
    wrapper.append(footer);
  });
  // The help dialog goes in before the footer: Yew panics. Its log and its trap are expected;
  // any other problem still fails (the harness checks as the page closes).
  expect(...PANIC, YEW_LOG);
  await page.keyboard.press("?");
  const notice = await page.waitForSelector("body > .internal-error[role=alert]");
  assert.ok(await notice.isVisible());
  assert.match(await notice.textContent(), /^Internal error — please report it/);
  const link = page.url();
  assert.match(link, /\?v=1&m=\d+&s=s5&mode=list&step=7$/);
  assert.equal(await page.inputValue(".internal-error-link"), link);
  assert.match(await page.textContent(".internal-error-message"), /panicked at .*failed to insert node before next sibling/s);
  // Over the page: what is at its top is the notice.
  assert.ok(await page.evaluate(() => document.elementFromPoint(640, 10).closest(".internal-error") !== null));
  await page.screenshot({ path: `${SHOTS}/internal-error.png` });
  // Copy works, though the app stopped.
  await page.click(".internal-error-copy");
  await page.waitForFunction(() => document.querySelector(".internal-error-copy").textContent === "Copied");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  // The console has the panic hook's log (with the message) and the trap.
  assert.ok(PANIC.every((re) => problems.some((p) => re.test(p))), problems.join("\n"));
  await page.context().close();
});

test("where the clipboard is refused, Copy selects the link for Ctrl+C", async () => {
  const { page, problems, expect } = await env.page({ width: 390, height: 800 });
  await page.goto(env.base + "?v=1&s=s1&mode=list&step=2");
  await page.waitForSelector(".bar");
  assert.deepEqual(problems, []);
  await page.evaluate(() => {
    Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new Error("denied")) } });
    const footer = document.querySelector("footer.footer");
    const wrapper = document.createElement("font");
    footer.replaceWith(wrapper);
    wrapper.append(footer);
  });
  expect(...PANIC, YEW_LOG);
  await page.keyboard.press("?");
  await page.waitForSelector("body > .internal-error[role=alert]");
  await page.click(".internal-error-copy");
  await page.waitForFunction(() => /Ctrl\+C/.test(document.querySelector(".internal-error-copy").textContent));
  const selected = await page.evaluate(() => {
    const i = document.querySelector(".internal-error-link");
    return document.activeElement === i && i.value.slice(i.selectionStart, i.selectionEnd);
  });
  assert.equal(selected, page.url());
  assert.ok(PANIC.every((re) => problems.some((p) => re.test(p))), problems.join("\n"));
  await page.context().close();
});

test("where the browser forbids its storage, every kind of page works and Save says why it keeps nothing", async () => {
  const { page, problems } = await env.page({ width: 1280, height: 720 });
  // What a browser that blocks site data does: reading window.localStorage throws.
  await page.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
    });
  });
  // The first module reads the store (for saved scenarios) once its first screen is complete;
  // the keys still move it after that.
  await page.goto(`${env.base}?v=1&m=${MODEL}&s=s5&mode=list&step=36`);
  await page.waitForFunction(() => performance.getEntriesByName("app-complete-render").length > 0);
  assert.equal(await page.getAttribute(".app", "data-module"), "first");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector(".step-n").textContent.startsWith("step 37 "), null, { timeout: 5000 });
  // The whole app reads the tour's progress as it opens the start page: it opens, offering the tour.
  await page.goto(env.base);
  await page.waitForSelector(".bar", { timeout: 10000 });
  assert.equal(await page.$("#loading"), null);
  // Save: a message, not a frozen page.
  await page.goto(`${env.base}?v=1&m=${MODEL}&s=s5&o=zone.free:30&mode=list`);
  await page.click(".mine-button");
  await page.fill(".save-name", "free 30");
  await page.click(".save-form .save");
  await page.waitForFunction(() => /Not saved: this page may not use the browser's storage/.test(document.querySelector(".mine-error")?.textContent ?? ""), null, { timeout: 5000 });
  assert.equal(await page.$(".saved"), null);
  assert.deepEqual(problems, []);
});
