//! Scenarios beyond the presets, shared by kernel_links.rs and kernel_sites.rs.

use bulkpool_allocator::{Mode, Semantics};
use std::path::Path;

/// Scenarios beyond the presets that reach the remaining linked statements: mempool_init and
/// mempool_resize, a zero-minimum pool under 6.19, requests that are too small to fail, and
/// sleeps that time out under the kernels that never lose a wake-up.
pub fn extra() -> Vec<(bulkpool_allocator::Scenario, Mode)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut out = Vec::new();
    for name in [
        "lost_wakeup_619.json",
        "lost_wakeup_619_pool_only.json",
        "window_k60.json",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let sc = bulkpool_allocator::Scenario::from_json(&text).unwrap();
        let mode = sc.mode;
        out.push((sc, mode));
    }
    for sem in ["k6.0", "mainline-6.19"] {
        let setup = format!(
            r#"{{ "semantics": "{sem}", "mode": "array", "pool": {{ "min_nr": 4, "curr_nr": 0 }},
               "tasks": [ {{ "name": "A", "holds": 2, "ops": [ {{ "op": "mempool_init" }},
                 {{ "op": "resize", "min_nr": 2 }}, {{ "op": "resize", "min_nr": 6 }},
                 {{ "op": "free", "count": 2 }} ] }} ] }}"#
        );
        out.push((
            bulkpool_allocator::Scenario::from_json(&setup).unwrap(),
            Mode::Array,
        ));
        // Below min, nothing reclaimable, GFP_NOIO: the request loops until kswapd, which
        // may write the dirty pages back, grows the buddy; the retry finds kswapd asleep.
        let noio = format!(
            r#"{{ "semantics": "{sem}", "mode": "array", "pool": null, "horizon_ms": 5000,
               "zone": {{ "free": 30, "reclaimable_dirty": 2, "kswapd_rate": 1 }},
               "tasks": [ {{ "name": "A", "ops": [ {{ "op": "bulk", "nr": 1, "gfp": "GFP_NOIO" }} ] }} ] }}"#
        );
        out.push((
            bulkpool_allocator::Scenario::from_json(&noio).unwrap(),
            Mode::Array,
        ));
    }
    // mempool_alloc_bulk asked for more than the pool keeps.
    let over = r#"{ "semantics": "mainline-6.19", "mode": "array", "pool": { "min_nr": 2 }, "horizon_ms": 100,
        "tasks": [ { "name": "A", "ops": [ { "op": "mempool_bulk", "nr": 3, "bulk_first": false } ] } ] }"#;
    out.push((
        bulkpool_allocator::Scenario::from_json(over).unwrap(),
        Mode::Array,
    ));
    let zero = r#"{ "semantics": "mainline-6.19", "mode": "array", "pool": { "min_nr": 0, "curr_nr": 0 },
        "tasks": [ { "name": "A", "holds": 1, "ops": [ { "op": "free", "count": 1 } ] } ] }"#;
    out.push((
        bulkpool_allocator::Scenario::from_json(zero).unwrap(),
        Mode::Array,
    ));
    for sem in ["k6.0", "mainline-6.19"] {
        let runs = [
            // Reclaim makes progress onto the pcp, min still fails: drain_all_pages.
            r#"{ "zone": { "free": 30, "reclaimable_clean": 10 }, "pool": null,
                 "tasks": [ { "name": "A", "ops": [ { "op": "bulk", "nr": 1 } ] } ] }"#,
            // GFP_KERNEL with nothing to reclaim: too small to fail, the OOM path.
            r#"{ "zone": { "free": 30, "kswapd_rate": 0 }, "pool": null,
                 "tasks": [ { "name": "A", "ops": [ { "op": "bulk", "nr": 1 } ] } ] }"#,
            // A parked request retries after kswapd went back to sleep; frees to the buddy
            // while a remote drain holds the pcp lock.
            r#"{ "zone": { "free": 30, "kswapd_rate": 0 }, "pcp": { "locked_by_other": true }, "pool": null,
                 "tasks": [ { "name": "A", "ops": [ { "op": "bulk", "nr": 1, "gfp": "GFP_NOIO" } ] },
                            { "name": "B", "holds": 3, "ops": [ { "op": "io", "ms": 100 }, { "op": "free_pages", "count": 3 } ] } ] }"#,
            // A non-sleeping request below min wakes kswapd, which reclaims past high and
            // goes back to sleep, balanced.
            r#"{ "zone": { "free": 30, "reclaimable_clean": 40, "kswapd_rate": 8 }, "pool": null,
                 "tasks": [ { "name": "A", "ops": [ { "op": "bulk", "nr": 1, "gfp": "GFP_NOWAIT" } ] } ] }"#,
            // Caller bugs the kernel warns about: __GFP_ZERO with mempool_alloc.
            r#"{ "pool": { "min_nr": 2 },
                 "tasks": [ { "name": "A", "ops": [ { "op": "mempool_alloc", "count": 1, "gfp": "GFP_NOIO|ZERO" } ] } ] }"#,
            // dm-crypt's crypt_page_free when the reserve is full.
            r#"{ "pool": { "min_nr": 2, "dm_crypt_limit": 100, "n_allocated": 5 },
                 "tasks": [ { "name": "A", "holds": 2, "ops": [ { "op": "free", "count": 2 } ] } ] }"#,
        ];
        for run in runs {
            let mut sc = bulkpool_allocator::Scenario::from_json(run).unwrap();
            sc.semantics = Some(Semantics::parse(sem).unwrap());
            sc.mode = Mode::Array;
            out.push((sc, Mode::Array));
        }
    }
    // A sleeper nothing wakes times out (k6.0's mempool_alloc; v6.19's mempool_alloc and
    // mempool_alloc_bulk), and a free into v6.19's empty zero-minimum pool wakes a sleeper.
    let timeouts = [
        r#"{ "semantics": "k6.0", "mode": "list", "horizon_ms": 6000,
             "zone": { "free": 20, "kswapd_rate": 0 }, "pool": { "min_nr": 2, "curr_nr": 0 },
             "tasks": [ { "name": "A", "ops": [ { "op": "mempool_alloc", "gfp": "GFP_NOIO", "count": 1 } ] } ] }"#,
        r#"{ "semantics": "mainline-6.19", "mode": "array", "horizon_ms": 6000,
             "zone": { "free": 20, "kswapd_rate": 0 }, "pool": { "min_nr": 2, "curr_nr": 0 },
             "tasks": [ { "name": "A", "ops": [ { "op": "mempool_bulk", "nr": 2, "gfp": "GFP_NOIO", "bulk_first": false } ] },
                        { "name": "B", "ops": [ { "op": "mempool_alloc", "gfp": "GFP_NOIO", "count": 1 } ] } ] }"#,
        r#"{ "semantics": "mainline-6.19", "mode": "array",
             "zone": { "free": 20, "kswapd_rate": 0 }, "pool": { "min_nr": 0, "curr_nr": 0 },
             "tasks": [ { "name": "A", "ops": [ { "op": "mempool_alloc", "gfp": "GFP_NOIO", "count": 1 } ] },
                        { "name": "B", "holds": 1, "ops": [ { "op": "io", "ms": 10 }, { "op": "free", "count": 1 } ] } ] }"#,
    ];
    for run in timeouts {
        let sc = bulkpool_allocator::Scenario::from_json(run).unwrap();
        let mode = sc.mode;
        out.push((sc, mode));
    }
    // v6.5+ frees a bio of compound pages: uncount, then folio_put.
    let mut s15 = bulkpool_allocator::scenario::presets::find("s15")
        .unwrap()
        .scenario();
    s15.tasks[0].ops.push(bulkpool_allocator::Op::FreeAll);
    out.push((s15, Mode::Array));
    out
}
