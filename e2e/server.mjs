// A plain static file server for dist/, mounted under a sub-path (default /bulkpool/) to prove
// that the hosted build works away from the site root. Usage: node e2e/server.mjs [dir] [prefix]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { runAsCommand } from "./main.mjs";
import { gzipSync } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".md": "text/markdown; charset=utf-8",
};

/// `options.head`: a script put first in every HTML page's <head> (the WebKit test's console
/// watch, where WebDriver has no log). `options.gzip`: compress every response (gzip -9) for a
/// client that accepts it, as a static host does (the throttled bench, P6).
export function serve(dir, prefix = "/bulkpool/", options = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end("not under " + prefix);
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || "index.html";
    const file = normalize(join(root, rel));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const info = await stat(file);
      const path = info.isDirectory() ? join(file, "index.html") : file;
      let body = await readFile(path);
      if (options.head && extname(path) === ".html") {
        body = Buffer.from(body.toString().replace("<head>", `<head><script>${options.head}</script>`));
      }
      const headers = { "content-type": TYPES[extname(path)] ?? "application/octet-stream" };
      if (options.gzip && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
        body = gzipSync(body, { level: 9 });
        headers["content-encoding"] = "gzip";
      }
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

if (runAsCommand(import.meta.url)) {
  const server = await serve(process.argv[2] ?? "dist", process.argv[3] ?? "/bulkpool/");
  console.log(`serving on http://127.0.0.1:${server.address().port}${process.argv[3] ?? "/bulkpool/"}`);
}
