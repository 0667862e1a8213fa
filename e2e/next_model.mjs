// A second model for the archive test (e2e/archive.test.mjs): this source tree copied into
// target/e2e-next/<key>/src with the model bumped by one, a changelog entry for it and one
// changed output (s5's sleep narrated as a doze), built with scripts/build.sh as a dev build
// (BULKPOOL_BUILD=dev: no LTO, no wasm-opt) into the copy's dist/.
//
// Why a copy and a dev build: the bump is a real change of source, as a future model's would
// be, with no test hook in the product. The copy builds in target/e2e-next-target (never this
// tree's target/, whose crates cargo would confuse with the copy's), kept between runs so that
// only the two crates of the copy compile again. The
// build is kept in target/e2e-next/<key>, where <key> hashes every file it is made from, so a
// second run of the tests reuses it and a change of source makes a new one.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { runAsCommand } from "./main.mjs";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const SOURCES = ["allocator", "web", "static", "docs", "scripts", "index.html", "Trunk.toml", "Cargo.toml", "Cargo.lock", "package.json", "package-lock.json"];

/// Each edit must match exactly once in its file, or the test says which one did not.
export const EDITS = [
  {
    file: "allocator/src/model/version.rs",
    from: /pub const MODEL: u32 = (\d+);/,
    to: (m) => `pub const MODEL: u32 = ${Number(m[1]) + 1};`,
  },
  {
    file: "allocator/src/model/version.rs",
    from: /pub const CHANGES: \[Change; (\d+)\] = \[([\s\S]*?)\n\];/,
    to: (m) => `pub const CHANGES: [Change; ${Number(m[1]) + 1}] = [${m[2]}\n    Change {\n        model: ${Number(m[1]) + 1},\n        date: "e2e",\n        steps_moved: false,\n        lines: &["e2e: a sleep on the pool is narrated as a doze."],\n    },\n];`,
  },
  {
    file: "allocator/src/explain/narrate.rs",
    from: /joins the pool's wait queue and sleeps/,
    to: () => "joins the pool's wait queue and dozes",
  },
];

function files() {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", ...SOURCES], { cwd: ROOT }).toString().split("\n").filter(Boolean);
  return out.filter((f) => existsSync(join(ROOT, f)));
}

/// The dist/ of the next model, built if needed; its model number.
export function nextModel() {
  const list = files();
  const hash = createHash("sha256");
  for (const f of list) {
    hash.update(f);
    hash.update(readFileSync(join(ROOT, f)));
  }
  hash.update(readFileSync(new URL(import.meta.url)));
  const key = hash.digest("hex").slice(0, 16);
  const dir = join(ROOT, "target", "e2e-next", key);
  const dist = join(dir, "src", "dist");
  const version = readFileSync(join(ROOT, "allocator/src/model/version.rs"), "utf8");
  const model = Number(version.match(/pub const MODEL: u32 = (\d+);/)[1]) + 1;
  if (existsSync(join(dist, "index.html"))) return { dist, model, cached: true };

  rmSync(join(ROOT, "target", "e2e-next"), { recursive: true, force: true });
  const src = join(dir, "src");
  for (const f of list) {
    mkdirSync(dirname(join(src, f)), { recursive: true });
    cpSync(join(ROOT, f), join(src, f));
  }
  for (const e of EDITS) {
    const path = join(src, e.file);
    const text = readFileSync(path, "utf8");
    const all = [...text.matchAll(new RegExp(e.from.source, "g"))];
    if (all.length !== 1) throw new Error(`next model: ${e.from} matches ${all.length} times in ${e.file}`);
    writeFileSync(path, text.replace(e.from, (...m) => e.to(m)));
  }
  const started = Date.now();
  execFileSync("scripts/build.sh", [], {
    cwd: src,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      BULKPOOL_BUILD: "dev",
      // A target directory of its own: cargo does not tell the copy's crates from this tree's
      // (the same package names and versions), so a shared one let a later build of this tree
      // reuse the copy's stale artifacts. Outside e2e-next/, so the dependencies stay built.
      CARGO_TARGET_DIR: join(ROOT, "target", "e2e-next-target"),
      // The copy has no node_modules: wasm-opt and friends from the repository's.
      PATH: `${join(ROOT, "node_modules", ".bin")}:${process.env.PATH}`,
    },
  });
  console.log(`next model ${model}: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { dist, model, cached: false };
}

// `node e2e/next_model.mjs`: build it now (scripts/test.sh does, while the browser tests run).
if (runAsCommand(import.meta.url)) {
  const { dist, model, cached } = nextModel();
  console.log(`next model ${model}: ${dist}${cached ? " (built before)" : ""}`);
}
