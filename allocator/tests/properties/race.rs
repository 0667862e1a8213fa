//! Scenarios aimed at the races the sleep/wake check exists for (findings M2): under k6.0, v2
//! or v6.19 (the versions that keep the guarantees), with pool-lock or any-lock preemption,
//! two to four tasks, a zone at or below its watermarks with little or nothing to reclaim (so
//! pool->alloc fails and the calls fall back on a small reserve), and tasks whose pool calls
//! race other tasks' frees one page at a time. The numbers are small, so a run is short.

use super::repair::repair;
use bulkpool_allocator::scenario::{Op, PcpSpec, PoolSpec, Preempt, TaskSpec, ZoneSpec};
use bulkpool_allocator::{Gfp, Mode, Scenario, Semantics};
use proptest::prelude::*;

fn gfp() -> impl Strategy<Value = Gfp> {
    prop::sample::select(vec![
        Gfp::GFP_NOIO,
        Gfp::GFP_KERNEL,
        Gfp::GFP_NOFS,
        Gfp::GFP_NOWAIT,
    ])
}

/// One op of a racing task: mostly a pool call or a free of a page or two.
fn op(sem: Semantics) -> BoxedStrategy<Op> {
    let bulk = (1u32..=8, gfp(), any::<bool>(), any::<bool>()).prop_map(
        |(nr, gfp, consume, bulk_first)| Op::MempoolBulk {
            nr,
            gfp,
            consume,
            resume: None,
            bulk_first,
        },
    );
    let alloc = (gfp(), 1u32..=4).prop_map(|(gfp, count)| Op::MempoolAlloc { gfp, count });
    // v6.0 has no bulk call, v2's page-bulk pool no mempool_alloc (repair would replace them).
    let pool_call = match sem {
        Semantics::K6_0 => alloc.boxed(),
        Semantics::V2_2023 => bulk.boxed(),
        _ => prop_oneof![3 => bulk, 1 => alloc].boxed(),
    };
    prop_oneof![
        4 => pool_call,
        4 => (1u32..=2).prop_map(|count| Op::Free { count }),
        1 => Just(Op::FreeAll),
        1 => (0u64..=150).prop_map(|ms| Op::Io { ms }),
        1 => (1u32..=8, any::<bool>()).prop_map(|(pages, b)| Op::DmCrypt {
            pages,
            first_pass_only: false,
            start_blocking: b,
        }),
    ]
    .boxed()
}

fn task(i: usize, sem: Semantics) -> impl Strategy<Value = TaskSpec> {
    (0u32..=6, prop::collection::vec(op(sem), 1..=4)).prop_map(move |(holds, ops)| TaskSpec {
        name: ["A", "B", "C", "D"][i].into(),
        holds,
        ops,
    })
}

fn zone() -> impl Strategy<Value = ZoneSpec> {
    (
        // At or below min (32) mostly, else up to just above low + a request.
        prop_oneof![3 => 0u64..=32, 1 => 33u64..=56],
        prop::option::weighted(0.2, 1u32..=16),
        prop_oneof![3 => Just(0u32), 1 => 1u32..=32],
    )
        // 256 frames (the invariant checks visit every frame after every event): room for
        // the free pages, the pcp, the reserve and what the tasks hold.
        .prop_map(|(free, clean, rate)| ZoneSpec {
            pages: 256,
            free: Some(free),
            reclaimable_clean: clean.unwrap_or(0),
            kswapd_rate: rate,
            ..ZoneSpec::default()
        })
}

pub fn race() -> impl Strategy<Value = (Scenario, Mode)> {
    prop::sample::select(vec![
        Semantics::K6_0,
        Semantics::V2_2023,
        Semantics::Mainline6_19,
    ])
    .prop_flat_map(|sem| {
        (
            Just(sem),
            prop_oneof![Just(Preempt::PoolLock), Just(Preempt::AnyLock)],
            zone(),
            (0u32..=4, 1u32..=8, 0u32..=8),
            (2usize..=4).prop_flat_map(move |n| (0..n).map(|i| task(i, sem)).collect::<Vec<_>>()),
            0usize..6,
        )
    })
    .prop_map(|(sem, preempt, zone, (pcp, min_nr, curr), tasks, pick)| {
        let sc = Scenario {
            name: "race".into(),
            semantics: Some(sem),
            preempt,
            zone,
            pcp: PcpSpec {
                count: pcp,
                ..PcpSpec::default()
            },
            pool: Some(PoolSpec {
                min_nr,
                curr_nr: Some(curr.min(min_nr)),
                ..PoolSpec::default()
            }),
            tasks,
            // Two 5 s timeouts and what follows them.
            horizon_ms: 12_000,
            ..Scenario::default()
        };
        repair(sc, pick)
    })
}
