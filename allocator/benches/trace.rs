//! Trace generation speed: every preset, and the large scenario (2^20 frames, 1,000 successive
//! 256-page bio allocations and frees). Figures in docs/PERFORMANCE.md.
use bulkpool_allocator::{presets, simulate, Mode};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn presets_bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("preset");
    for p in presets::PRESETS {
        let sc = p.scenario();
        // Each preset in its own delivery mode, as `bulkpool run` and the app open it.
        let mode = sc.mode;
        group.bench_function(p.id, |b| b.iter(|| simulate(black_box(&sc), mode).unwrap()));
    }
    group.finish();
}

fn large_bench(c: &mut Criterion) {
    let sc = presets::large(1 << 20, 1_000);
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.bench_function("2^20 frames, 1000 x 256-page bios", |b| {
        b.iter(|| simulate(black_box(&sc), Mode::Callback).unwrap())
    });
    group.finish();
}

criterion_group!(benches, presets_bench, large_bench);
criterion_main!(benches);
