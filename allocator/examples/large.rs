//! Times the benchmark's large scenario outside criterion: `cargo run --release --example large`.
fn main() {
    let sc = bulkpool_allocator::scenario::presets::large(1 << 20, 1000);
    for _ in 0..5 {
        let t0 = std::time::Instant::now();
        let t = bulkpool_allocator::simulate(&sc, bulkpool_allocator::Mode::Callback).unwrap();
        println!("{} events in {:?}", t.len(), t0.elapsed());
    }
}
