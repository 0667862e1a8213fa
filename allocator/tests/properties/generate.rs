//! The random scenarios of properties.rs: every number drawn from its whole stated range, then
//! repaired (repair.rs) into a scenario that validates.

use super::repair::repair;
use bulkpool_allocator::scenario::{
    limits, Op, PcpSpec, PoolSpec, Preempt, Resume, TaskSpec, ZoneSpec,
};
use bulkpool_allocator::{Gfp, Mode, Scenario, Semantics};
use proptest::prelude::*;

/// A number of `lo..=hi`: mostly (30 in 34) of `lo..=typical`, the sizes the presets use; else
/// either end of the range (1 in 34 each), or anywhere in it with every power of two alike (2
/// in 34), so that over the cases every field reaches its limits.
fn num(lo: u64, typical: u64, hi: u64) -> BoxedStrategy<u64> {
    num_weighted(lo, typical, hi, 30)
}

/// `num` with `weight` parts in `weight + 4` drawn from `lo..=typical`.
fn num_weighted(lo: u64, typical: u64, hi: u64, weight: u32) -> BoxedStrategy<u64> {
    let typical = typical.clamp(lo, hi);
    let bits = 64 - (hi - lo).leading_zeros();
    prop_oneof![
        weight => lo..=typical,
        2 => (0..=bits).prop_flat_map(move |b| {
            let top = lo + (1u64.checked_shl(b).unwrap_or(0).wrapping_sub(1)).min(hi - lo);
            lo..=top
        }),
        1 => Just(lo),
        1 => Just(hi),
    ]
    .boxed()
}

fn num32(lo: u32, typical: u32, hi: u32) -> BoxedStrategy<u32> {
    num(lo as u64, typical as u64, hi as u64)
        .prop_map(|n| n as u32)
        .boxed()
}

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

/// An array of `P` (page), `_` (NULL) and `S` (stale) slots, of up to `MAX_REQUEST` slots: a
/// long one is spelled from a seed, which is cheaper to draw than one strategy per slot.
fn array() -> impl Strategy<Value = String> {
    num(1, 24, limits::MAX_REQUEST as u64).prop_flat_map(|n| {
        if n <= 64 {
            proptest::collection::vec(prop::sample::select(vec!['P', '_', 'S']), n as usize)
                .prop_map(|v| v.into_iter().collect())
                .boxed()
        } else {
            any::<u64>()
                .prop_map(move |mut seed| {
                    (0..n)
                        .map(|_| {
                            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                            ['P', '_', 'S'][(seed >> 33) as usize % 3]
                        })
                        .collect()
                })
                .boxed()
        }
    })
}

fn op(first: bool, pages: u32) -> impl Strategy<Value = Op> {
    let req = || num32(1, 40, limits::MAX_REQUEST);
    let resume = if first {
        proptest::option::of((req(), any::<bool>(), any::<bool>()).prop_map(
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
        proptest::option::of(array()).boxed()
    } else {
        Just(None).boxed()
    };
    prop_oneof![
        4 => (req(), gfp(), any::<bool>(), resume, any::<bool>()).prop_map(|(nr, gfp, consume, resume, bulk_first)| {
            // A resumed call has delivered fewer pages than it asks for.
            let resume = resume.map(|r| Resume { held: (r.held - 1).min(nr - 1), ..r });
            Op::MempoolBulk { nr, gfp, consume, resume, bulk_first }
        }),
        2 => (req(), gfp(), array).prop_map(|(nr, gfp, array)| {
            let nr = array.as_ref().map_or(nr, |a| a.len() as u32);
            Op::Bulk { nr, gfp, array }
        }),
        1 => (gfp(), num32(1, 6, limits::MAX_REQUEST)).prop_map(|(gfp, count)| Op::MempoolAlloc { gfp: gfp.without(Gfp::ZERO), count }),
        2 => (num32(1, 24, limits::MAX_REQUEST), any::<bool>(), any::<bool>()).prop_map(|(pages, a, b)| Op::DmCrypt { pages, first_pass_only: a && !b, start_blocking: b }),
        1 => num(0, 7_000, limits::MAX_HORIZON_MS).prop_map(|ms| Op::Io { ms }),
        2 => Just(Op::FreeAll),
        1 => num32(1, 10, pages).prop_map(|count| Op::Free { count }),
        1 => num32(1, 10, pages).prop_map(|count| Op::FreePages { count }),
        1 => num32(1, 16, limits::MAX_REQUEST).prop_map(|min_nr| Op::Resize { min_nr }),
        1 => Just(Op::MempoolInit),
        1 => any::<bool>().prop_map(|locked| Op::PcpContention { locked }),
    ]
}

/// A task whose program has up to `MAX_OPS` ops: after the first, a pattern of up to four,
/// repeated (cheaper to draw than thousands of ops one by one).
fn task(i: usize, pages: u32) -> impl Strategy<Value = TaskSpec> {
    (
        num32(0, 6, pages),
        op(true, pages),
        proptest::collection::vec(op(false, pages), 1..=4),
        num(1, 4, limits::MAX_OPS as u64),
    )
        .prop_map(move |(holds, first, pattern, n)| {
            let mut ops = vec![first];
            ops.extend(pattern.into_iter().cycle().take(n as usize - 1));
            TaskSpec {
                name: format!("T{i}"),
                holds,
                ops,
            }
        })
}

fn zone(pages: u32) -> impl Strategy<Value = ZoneSpec> {
    let p = pages as u64;
    let max_order = (31 - pages.leading_zeros()).min(10) as u64;
    let buddyinfo = proptest::option::weighted(
        0.15,
        proptest::collection::vec(Just(()), 1..=max_order as usize + 1).prop_flat_map(
            move |orders| {
                (0..orders.len())
                    .map(|o| num32(0, 4, (p >> o) as u32))
                    .collect::<Vec<_>>()
            },
        ),
    );
    (
        [num(0, 64, p), num(0, 64, p), num(0, 64, p)],
        proptest::option::weighted(0.85, num(0, p * 3 / 4, p)),
        buddyinfo,
        num(0, 8, p),
        num(0, 8, p),
        (num32(0, 24, pages), num32(0, 12, pages)),
        num32(0, 64, limits::MAX_KSWAPD_RATE),
        proptest::option::weighted(0.2, 1..=max_order as u8),
    )
        .prop_map(
            move |(mut marks, free, buddyinfo, reserved_free, lowmem, (clean, dirty), rate, mo)| {
                marks.sort_unstable();
                ZoneSpec {
                    pages,
                    min: marks[0],
                    low: marks[1],
                    high: marks[2],
                    free,
                    buddyinfo,
                    reserved_free,
                    lowmem_reserve: lowmem,
                    reclaimable_clean: clean,
                    reclaimable_dirty: dirty,
                    kswapd_rate: rate,
                    max_order: mo,
                }
            },
        )
}

pub fn scenario() -> impl Strategy<Value = (Scenario, Mode)> {
    // Every run in a large zone costs O(frames) several times over (its world, its copies, the
    // checks): one zone in 50 is larger than the presets' 2,048 frames, one in 200 is 2^20.
    num_weighted(
        limits::MIN_FRAMES as u64,
        2_048,
        limits::MAX_FRAMES as u64,
        196,
    )
    .prop_flat_map(|pages| scenario_of(pages as u32))
}

fn scenario_of(pages: u32) -> impl Strategy<Value = (Scenario, Mode)> {
    let pcp = (
        num32(0, 24, pages),
        num32(1, 16, limits::MAX_BATCH),
        num32(1, 64, limits::MAX_PCP_HIGH),
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(count, batch, high, locked)| PcpSpec {
            count,
            batch,
            high: high.max(batch),
            locked_by_other: locked,
        });
    let pool = proptest::option::weighted(
        0.9,
        (
            num32(0, 12, limits::MAX_REQUEST),
            proptest::option::weighted(0.9, num32(0, 12, limits::MAX_REQUEST)),
            proptest::option::of(num(0, 40, limits::MAX_FRAMES as u64)),
            num(0, 40, limits::MAX_FRAMES as u64),
        )
            .prop_map(|(min_nr, curr, limit, n)| PoolSpec {
                min_nr,
                curr_nr: curr.map(|c| c.min(min_nr)),
                dm_crypt_limit: limit,
                n_allocated: n,
            }),
    );
    let sem = proptest::option::weighted(0.9, proptest::sample::select(Semantics::ALL.to_vec()));
    let preempt = prop_oneof![
        1 => Just(Preempt::None),
        2 => Just(Preempt::PoolLock),
        3 => Just(Preempt::AnyLock),
    ];
    let tasks = num(1, 3, limits::MAX_TASKS as u64)
        .prop_flat_map(move |n| (0..n as usize).map(|i| task(i, pages)).collect::<Vec<_>>());
    (
        zone(pages),
        pcp,
        pool,
        sem,
        preempt,
        tasks,
        0usize..6,
        num(1, 25_000, limits::MAX_HORIZON_MS),
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
