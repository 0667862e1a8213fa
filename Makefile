# The two commands of the README, plus a few conveniences. Every target installs what it needs.
.PHONY: serve test build bench bench-web tools fuzz
serve:   ## serve the app at http://127.0.0.1:8080
	scripts/serve.sh
test:    ## run every test: fmt, clippy, native, headless-browser and e2e
	scripts/test.sh
build:   ## release build into dist/ (relocatable; prints the .wasm size)
	scripts/tools.sh && scripts/build.sh
bench:   ## criterion benchmarks of trace generation
	cargo bench -p bulkpool-allocator
bench-web: ## step-render time in headless Chromium (Performance API)
	scripts/tools.sh && scripts/build.sh && . scripts/env.sh && node e2e/perf.mjs
fuzz:    ## 1,000,000 hostile links through the link decoder (release build)
	BULKPOOL_FUZZ_CASES=1000000 cargo test --release -p bulkpool-allocator --test link_fuzz
tools:   ## install the pinned toolchain only
	scripts/tools.sh
