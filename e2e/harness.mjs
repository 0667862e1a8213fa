// Shared set-up for the e2e tests: serve dist/ under a sub-path, launch Debian's Chromium
// through playwright-core (never a downloaded browser), and collect console errors, uncaught
// exceptions and external requests; closePages() fails on any a test did not expect.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { serve } from "./server.mjs";

export const SHOTS = "target/e2e";
/** The model of the build under test (scripts/build.sh writes it into the page): a link the
 * app writes today carries it, and one without it is read as model 1 and opens under a notice. */
export const MODEL = readFileSync(`${process.env.DIST ?? "dist"}/index.html`, "utf8").match(/name="bulkpool-model" content="(\d+)"/)[1];
const PREFIX = "/bulkpool/";

/// `options.gzip`: the server compresses its responses (`server.mjs`); `options.dist`: serve
/// this directory instead of the build (the bench's floor page).
export async function start(options = {}) {
  mkdirSync(SHOTS, { recursive: true });
  const server = await serve(options.dist ?? process.env.DIST ?? "dist", PREFIX, { gzip: options.gzip });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync",
      // Chromium 156 starts its omnibox popup (a WebUI page, chrome://omnibox-popup.top-chrome)
      // in a renderer of its own during about a quarter of page loads, headless or not, and its
      // first render takes 75-160 ms of CPU: on two cores that is time taken from the page under
      // test, and a trace that reads every renderer counted those tasks as the page's
      // (docs/PERFORMANCE.md, "Fourth round"). Unknown feature names are ignored.
      "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup,PreloadTopChromeWebUI",
    ],
  });
  const base = `http://127.0.0.1:${server.address().port}${PREFIX}`;
  // Every page opened and not yet checked: its context, what it logged, and the problems its
  // test expects (a test that provokes a panic).
  const open = [];
  // Closes every page still open and fails if any logged a problem its test did not expect,
  // including those after the test's last assertion. Each test file calls it after each test
  // (afterEach), and stop() once more.
  async function closePages() {
    const failures = [];
    for (const p of open.splice(0)) {
      const url = p.page.isClosed() ? p.url : p.page.url();
      await p.context.close();
      const unexpected = p.problems.filter((x) => !p.expected.some((re) => re.test(x)));
      if (unexpected.length) failures.push(`${url}:\n  ${unexpected.join("\n  ")}`);
    }
    if (failures.length) {
      throw new Error(`problems logged by pages, checked as they closed:\n${failures.join("\n")}`);
    }
  }
  return {
    base,
    browser,
    // options.permissions: e.g. ["clipboard-read", "clipboard-write"]; options.acceptDownloads.
    // `expect(...regexps)` declares problems this page's test provokes on purpose; any other
    // problem fails closePages().
    async page(viewport = { width: 1280, height: 720 }, options = {}) {
      const context = await browser.newContext({ viewport, ...options });
      const page = await context.newPage();
      const problems = [];
      const entry = { page, context, problems, expected: [], url: "" };
      open.push(entry);
      page.on("framenavigated", (f) => { if (f === page.mainFrame()) entry.url = f.url(); });
      page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
      page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
      // Offline: any request that leaves 127.0.0.1 is a failure.
      page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) problems.push(`external request: ${r.url()}`); });
      const expect = (...patterns) => entry.expected.push(...patterns);
      return { page, problems, expect };
    },
    closePages,
    async stop() {
      try {
        await closePages();
      } finally {
        await browser.close();
        server.close();
      }
    },
  };
}
