// A smoke test of the release build in dist/ in Debian's headless Firefox (firefox-esr), driven
// over WebDriver BiDi by puppeteer-core: no downloaded browser and no geckodriver (playwright-core
// cannot drive a stock Firefox). Served under /bulkpool/ like the Chromium tests; fails on a
// console error, an uncaught exception or a request that leaves the local server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import puppeteer from "puppeteer-core";
import { serve } from "./server.mjs";

const PREFIX = "/bulkpool/";
const SHOTS = "target/e2e";
let server;
let browser;
let base;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await serve(process.env.DIST ?? "dist", PREFIX);
  base = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
    headless: true,
    protocol: "webDriverBiDi",
  });
});
after(async () => {
  await browser?.close();
  server?.close();
});

// The step counter's text once it reads "step <n> …", or whatever it reads after 10 s (the
// assertion that follows then fails with that text). Only the timeout is caught.
async function stepText(page, n) {
  await page
    .waitForFunction((n) => document.querySelector(".step-n")?.textContent.startsWith(`step ${n} `), { timeout: 10_000 }, n)
    .catch((e) => { if (e?.name !== "TimeoutError") throw e; });
  return page.$eval(".step-n", (e) => e.textContent);
}

test("Firefox: a step link opens at its step, → steps, and nothing errs", async () => {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(base) && !url.startsWith("data:") && !url.startsWith("blob:")) problems.push(`external request: ${url}`);
  });

  await page.goto(`${base}?v=1&s=s5&step=36`);
  const agent = await page.evaluate(() => navigator.userAgent);
  console.log(`user agent: ${agent}`);
  assert.match(agent, /Firefox\/\d+/, "this is Firefox");
  await page.waitForSelector(".step-n");
  assert.match(await stepText(page, 36), /^step 36 \/ 78\b/);
  assert.equal(await page.title(), "s5 step 36 — bulkpool");

  await page.keyboard.press("ArrowRight");
  assert.match(await stepText(page, 37), /^step 37 \/ 78\b/);
  assert.match(page.url(), /[?&]step=37\b/, "the link follows the step");
  await page.screenshot({ path: `${SHOTS}/firefox-s5-step37.png` });
  assert.deepEqual(problems, []);
  await page.close();
  // And nothing logged up to the close.
  assert.deepEqual(problems, []);
});
