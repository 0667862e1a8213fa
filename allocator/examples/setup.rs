//! Times the set-up of the benchmark's large scenario (`Simulation::new`: validation, the
//! 2^20-frame world, the first checkpoint) apart from the run: `cargo run --release --example setup`.
fn main() {
    let sc = bulkpool_allocator::scenario::presets::large(1 << 20, 1000);
    for _ in 0..5 {
        let t0 = std::time::Instant::now();
        let v = sc.validate(bulkpool_allocator::Mode::Callback);
        let t1 = t0.elapsed();
        let sim =
            bulkpool_allocator::Simulation::new(&sc, bulkpool_allocator::Mode::Callback).unwrap();
        println!(
            "validate {:?}, new {:?} ({:?}, {} events)",
            t1,
            t0.elapsed(),
            v.is_ok(),
            sim.events()
        );
    }
}
