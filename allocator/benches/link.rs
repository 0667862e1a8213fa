//! A user's scenario as the page handles it on a page load (P3b in docs/PERFORMANCE.md): the
//! largest legal link's scenario (2^20 frames, 1,280 bios: 2,560 ops) validated, written as a
//! link (`c=`, its minimal JSON deflated) and read back.
use bulkpool_allocator::view::link;
use bulkpool_allocator::{presets, Mode};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn link_bench(c: &mut Criterion) {
    let sc = presets::large(1 << 20, 1_280);
    let written = link::encode_scenario(&sc);
    let mut group = c.benchmark_group("2,560 ops");
    group.bench_function("validate", |b| {
        b.iter(|| black_box(&sc).validate(Mode::Callback).unwrap())
    });
    group.bench_function("minimal JSON", |b| {
        b.iter(|| link::minimal_json(black_box(&sc)))
    });
    group.bench_function("write c=", |b| {
        b.iter(|| link::encode_scenario(black_box(&sc)))
    });
    group.bench_function("read c=", |b| {
        b.iter(|| link::decode_scenario(black_box(&written)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, link_bench);
criterion_main!(benches);
