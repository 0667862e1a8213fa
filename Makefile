# The two commands of the README, plus a few conveniences. Every target installs what it needs.
.PHONY: serve test build site bench bench-web first-run tools fuzz
serve:   ## serve the app at http://127.0.0.1:8080
	scripts/serve.sh
test:    ## run every test: pins, fmt, clippy, native, headless browsers (Chromium, Firefox) and e2e
	scripts/test.sh
build:   ## release build into dist/ (relocatable; prints the .wasm size)
	scripts/tools.sh && scripts/build.sh
site:    ## the hosted site in site/: this build at the root and at m/<model>/, earlier models kept (docs/HOSTING.md)
	scripts/tools.sh && scripts/site.sh
bench:   ## every row of docs/PERFORMANCE.md into target/bench/*.json (size, wasm/native, browser, criterion)
	scripts/bench.sh
first-run: ## P7: a fresh machine's first `make test`, then its first `make serve` until served, in a scratch clone with an empty CARGO_HOME (about 25 min on 2 cores)
	scripts/first-run.sh test && scripts/first-run.sh serve
bench-web: ## the browser rows only (step render, playback, cold load, the largest scenario)
	scripts/tools.sh && scripts/build.sh && cargo build -q -p bulkpool-allocator && . scripts/env.sh && node e2e/perf.mjs
fuzz:    ## 1,000,000 hostile links through the link decoder, and as many hostile /proc files through the importer (optimised, overflow checks on)
	BULKPOOL_FUZZ_CASES=1000000 cargo test --profile fuzz -p bulkpool-allocator --test link_fuzz --test import_fuzz
tools:   ## install the pinned toolchain only
	scripts/tools.sh
