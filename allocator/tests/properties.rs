//! Property tests over random scenarios: sizes, watermarks, pool sizes, gfp masks, modes,
//! semantics, preemption and task counts. Every generated scenario that validates must run
//! without a panic, keep every invariant after every event, and replay to the same end; under
//! k6.0, v2 and v6.19 (not the RFC, whose unlocked wait is the flaw s8d shows) no task may
//! sleep beside a reserve that holds what it needs and no free may leave a sleeper un-woken,
//! checked after every event. The generator repairs scenarios into valid ones; the few it
//! cannot are rejected with `prop_assume!` (never counted as passes), and proptest fails the
//! run if too many are. `PROPTEST_CASES` overrides the 10,000 cases.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use bulkpool_allocator::scenario::{Op, PcpSpec, PoolSpec, Preempt, Resume, TaskSpec, ZoneSpec};
use bulkpool_allocator::{Gfp, Mode, Scenario, Semantics};
use proptest::prelude::*;

fn gfp() -> impl Strategy<Value = Gfp> {
    prop_oneof![
        Just(Gfp::GFP_KERNEL),
        Just(Gfp::GFP_NOIO),
        Just(Gfp::GFP_NOFS),
        Just(Gfp::GFP_NOWAIT),
        Just(Gfp::GFP_ATOMIC),
        Just(Gfp::GFP_NOWAIT | Gfp::HIGHMEM),
        (0u16..0x800).prop_map(|b| Gfp::parse(
            &Gfp::NAMED
                .iter()
                .enumerate()
                .filter(|(i, _)| b & (1 << i) != 0 && *i != 10)
                .map(|(_, (_, n))| *n)
                .collect::<Vec<_>>()
                .join("|")
        )
        .unwrap()),
    ]
}

fn op(first: bool) -> impl Strategy<Value = Op> {
    let resume = if first {
        proptest::option::of((0u32..8, any::<bool>(), any::<bool>()).prop_map(
            |(held, full_gfp, sleeping)| Resume {
                held,
                full_gfp,
                sleeping,
            },
        ))
        .boxed()
    } else {
        Just(None).boxed()
    };
    let array = if first {
        proptest::option::of("[P_S]{1,24}").boxed()
    } else {
        Just(None).boxed()
    };
    prop_oneof![
        4 => (1u32..40, gfp(), any::<bool>(), resume, any::<bool>()).prop_map(|(nr, gfp, consume, resume, bulk_first)| {
            let resume = resume.map(|r| Resume { held: r.held.min(nr - 1), ..r });
            Op::MempoolBulk { nr, gfp, consume, resume, bulk_first }
        }),
        2 => (1u32..40, gfp(), array).prop_map(|(nr, gfp, array)| {
            let nr = array.as_ref().map_or(nr, |a| a.len() as u32);
            Op::Bulk { nr, gfp, array }
        }),
        1 => (gfp(), 1u32..6).prop_map(|(gfp, count)| Op::MempoolAlloc { gfp: gfp.without(Gfp::ZERO), count }),
        2 => (1u32..24, any::<bool>(), any::<bool>()).prop_map(|(pages, a, b)| Op::DmCrypt { pages, first_pass_only: a && !b, start_blocking: b }),
        1 => (0u64..7_000).prop_map(|ms| Op::Io { ms }),
        2 => Just(Op::FreeAll),
        1 => (1u32..10).prop_map(|count| Op::Free { count }),
        1 => (1u32..10).prop_map(|count| Op::FreePages { count }),
        1 => (1u32..16).prop_map(|min_nr| Op::Resize { min_nr }),
        1 => Just(Op::MempoolInit),
        1 => any::<bool>().prop_map(|locked| Op::PcpContention { locked }),
    ]
}

fn task(i: usize) -> impl Strategy<Value = TaskSpec> {
    (
        0u32..6,
        op(true),
        proptest::collection::vec(op(false), 0..4),
    )
        .prop_map(move |(holds, first, rest)| {
            let mut ops = vec![first];
            ops.extend(rest);
            TaskSpec {
                name: format!("T{i}"),
                holds,
                ops,
            }
        })
}

/// Makes a random scenario mostly valid: ops the semantics lacks become ops it has, the mode is
/// one the semantics offers, and sizes fit the zone. A few invalid ones remain on purpose.
fn repair(mut sc: Scenario, pick: usize) -> (Scenario, Mode) {
    let sem = sc.semantics.unwrap_or(Semantics::Rfc2022);
    let modes: Vec<Mode> = match sem {
        Semantics::K6_0 | Semantics::PreMay2022 => vec![Mode::List, Mode::Array],
        s => s.mempool_bulk_modes().to_vec(),
    };
    let mode = modes[pick % modes.len()];
    sc.mode = mode;
    let has_bulk_api = !sem.mempool_bulk_modes().is_empty();
    let dm_ok = sem != Semantics::PreMay2022;
    // Yang Shi's page-bulk pools have no pool->alloc: no mempool_alloc, no growing resize.
    let page_bulk_pool = matches!(sem, Semantics::Rfc2022 | Semantics::V2_2023);
    let fallback = if page_bulk_pool {
        Op::MempoolBulk {
            nr: 2,
            gfp: Gfp::GFP_NOIO,
            consume: false,
            resume: None,
            bulk_first: true,
        }
    } else {
        Op::MempoolAlloc {
            gfp: Gfp::GFP_NOIO,
            count: 2,
        }
    };
    // One task may resize or initialise the pool.
    let mut resizer = None;
    for (i, t) in sc.tasks.iter_mut().enumerate() {
        for op in &mut t.ops {
            if matches!(op, Op::Resize { .. } | Op::MempoolInit) && *resizer.get_or_insert(i) != i {
                *op = Op::FreeAll;
            }
        }
    }
    for t in &mut sc.tasks {
        let mut min_nr = sc.pool.as_ref().map_or(0, |p| p.min_nr);
        for op in &mut t.ops {
            let replace = match op {
                Op::MempoolBulk {
                    resume: Some(r), ..
                } if sem == Semantics::Mainline6_19 && r.sleeping => true,
                Op::MempoolBulk { .. } => !has_bulk_api,
                Op::DmCrypt { .. } => !dm_ok,
                Op::Bulk { .. } => mode == Mode::List && sem == Semantics::Mainline6_19,
                Op::MempoolAlloc { .. } => page_bulk_pool,
                Op::Resize { min_nr: m } if page_bulk_pool && *m > min_nr => {
                    *m = min_nr.max(1);
                    false
                }
                _ => false,
            };
            if replace {
                *op = fallback.clone();
            }
            if let Op::Resize { min_nr: m } = op {
                min_nr = *m;
            }
        }
    }
    let needs_pool = sc.tasks.iter().flat_map(|t| &t.ops).any(|op| {
        !matches!(
            op,
            Op::Bulk { .. } | Op::FreePages { .. } | Op::Io { .. } | Op::PcpContention { .. }
        )
    });
    if needs_pool && sc.pool.is_none() {
        sc.pool = Some(PoolSpec::default());
    }
    // Frames outside the free blocks must hold everything that starts outside them.
    let pages = sc.zone.pages as u64;
    let held: u64 = sc
        .tasks
        .iter()
        .map(|t| {
            let first = match t.ops.first() {
                Some(Op::MempoolBulk {
                    resume: Some(r), ..
                }) => r.held as u64,
                Some(Op::Bulk { array: Some(a), .. }) => {
                    a.chars().filter(|c| *c == 'P').count() as u64
                }
                _ => 0,
            };
            t.holds as u64 + first
        })
        .sum();
    let fixed = held
        + sc.pcp.count as u64
        + sc.pool
            .as_ref()
            .map_or(0, |p| p.curr_nr.unwrap_or(p.min_nr)) as u64;
    let room = pages.saturating_sub(fixed);
    let reclaim = (sc.zone.reclaimable_clean + sc.zone.reclaimable_dirty) as u64;
    if reclaim > room / 2 {
        sc.zone.reclaimable_clean = (room / 4) as u32;
        sc.zone.reclaimable_dirty = 0;
    }
    let outside = fixed + (sc.zone.reclaimable_clean + sc.zone.reclaimable_dirty) as u64;
    if let Some(free) = sc.zone.free.as_mut() {
        *free = (*free).min(pages.saturating_sub(outside));
        sc.zone.reserved_free = sc.zone.reserved_free.min(*free);
    }
    sc.zone.min %= pages / 4;
    sc.zone.low = (sc.zone.low % (pages / 4)).max(sc.zone.min);
    sc.zone.high = (sc.zone.high % (pages / 4)).max(sc.zone.low);
    (sc, mode)
}

fn scenario() -> impl Strategy<Value = (Scenario, Mode)> {
    let zone = (
        6u32..12,
        0u64..64,
        0u64..16,
        0u64..16,
        0u64..70,
        0u32..24,
        0u32..12,
        0u32..64,
        any::<bool>(),
    )
        .prop_map(
            |(log, min, dl, dh, free_pct, clean, dirty, rate, reserved)| {
                let pages = 1u32 << log;
                let free = pages as u64 * free_pct / 100;
                ZoneSpec {
                    pages,
                    min,
                    low: min + dl,
                    high: min + dl + dh,
                    free: Some(free),
                    reserved_free: if reserved { free / 3 } else { 0 },
                    reclaimable_clean: clean,
                    reclaimable_dirty: dirty,
                    kswapd_rate: rate,
                    ..ZoneSpec::default()
                }
            },
        );
    let pcp = (0u32..24, 1u32..16, 0u32..48, proptest::bool::weighted(0.2)).prop_map(
        |(count, batch, extra, locked)| PcpSpec {
            count,
            batch,
            high: batch + extra,
            locked_by_other: locked,
        },
    );
    let pool = proptest::option::weighted(
        0.9,
        (0u32..12, 0u32..12, proptest::option::of(0u64..40), 0u64..40).prop_map(
            |(min_nr, curr, limit, n)| PoolSpec {
                min_nr,
                curr_nr: Some(curr.min(min_nr)),
                dm_crypt_limit: limit,
                n_allocated: n,
            },
        ),
    );
    let sem = proptest::option::weighted(0.9, proptest::sample::select(Semantics::ALL.to_vec()));
    let preempt = prop_oneof![
        1 => Just(Preempt::None),
        2 => Just(Preempt::PoolLock),
        3 => Just(Preempt::AnyLock),
    ];
    let tasks = (1usize..4).prop_flat_map(|n| (0..n).map(task).collect::<Vec<_>>());
    (
        zone,
        pcp,
        pool,
        sem,
        preempt,
        tasks,
        0usize..6,
        1_000u64..25_000,
    )
        .prop_map(
            |(zone, pcp, pool, semantics, preempt, tasks, pick, horizon_ms)| {
                let sc = Scenario {
                    name: "prop".into(),
                    semantics,
                    mode: Mode::List,
                    preempt,
                    horizon_ms,
                    zone,
                    pcp,
                    pool,
                    tasks,
                    ..Scenario::default()
                };
                repair(sc, pick)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, max_global_rejects: 500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_scenarios_keep_every_invariant((sc, mode) in scenario()) {
        let run = bulkpool_allocator::simulate(&sc, mode);
        // A scenario the repair could not make valid (a layout that does not fit…) must be
        // rejected with a message, never a panic; it is then discarded, not counted.
        if let Err(e) = &run {
            prop_assert!(!e.message.is_empty() && !e.field.is_empty());
            // The estimate must reject a scenario before it runs, never the run-time guard.
            prop_assert!(!e.message.contains("reached the limit"), "{}", e);
        }
        prop_assume!(run.is_ok());
        let trace = run.unwrap();
        common::check_trace(&trace);
        let again = bulkpool_allocator::simulate(&sc, mode).unwrap();
        prop_assert_eq!(&trace.events, &again.events);
        let setup = sc.tasks.iter().flat_map(|t| &t.ops).any(|o| matches!(o, Op::Resize { .. } | Op::MempoolInit));
        if trace.semantics != Semantics::Rfc2022 && !setup {
            let checked = common::check_sleep_wake(&trace);
            prop_assert!(checked.is_ok(), "{}", checked.unwrap_err());
        }
    }
}
