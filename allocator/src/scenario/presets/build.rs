//! The scenario of each preset, built from domain.md §11's starting states.

use crate::model::gfp::Gfp;
use crate::model::types::{Mode, Semantics};
use crate::scenario::{Op, PcpSpec, PoolSpec, Preempt, Resume, Scenario, TaskSpec, ZoneSpec};

pub(super) fn task(name: &str, ops: Vec<Op>) -> TaskSpec {
    TaskSpec {
        name: name.into(),
        holds: 0,
        ops,
    }
}

pub(super) fn bulk_call(nr: u32, gfp: Gfp, consume: bool) -> Op {
    Op::MempoolBulk {
        nr,
        gfp,
        consume,
        resume: None,
        bulk_first: true,
    }
}

fn zone(free: u64) -> ZoneSpec {
    ZoneSpec {
        free: Some(free),
        ..ZoneSpec::default()
    }
}

fn pcp(count: u32) -> PcpSpec {
    PcpSpec {
        count,
        ..PcpSpec::default()
    }
}

pub(super) fn pool(min_nr: u32, curr_nr: u32) -> Option<PoolSpec> {
    Some(PoolSpec {
        min_nr,
        curr_nr: Some(curr_nr),
        ..PoolSpec::default()
    })
}

fn dm_pool(min_nr: u32, curr_nr: u32) -> Option<PoolSpec> {
    Some(PoolSpec {
        min_nr,
        curr_nr: Some(curr_nr),
        dm_crypt_limit: Some(1 << 20),
        n_allocated: 0,
    })
}

pub(super) fn s1() -> Scenario {
    Scenario {
        zone: zone(800),
        pcp: pcp(12),
        pool: pool(8, 8),
        tasks: vec![task("A", vec![bulk_call(8, Gfp::GFP_NOIO, true)])],
        ..Scenario::default()
    }
}

pub(super) fn s2() -> Scenario {
    Scenario {
        zone: ZoneSpec {
            buddyinfo: Some(vec![0, 0, 0, 2, 1, 0, 0, 0, 1, 1]),
            ..ZoneSpec::default()
        },
        pcp: pcp(3),
        ..s1()
    }
}

pub(super) fn s3() -> Scenario {
    Scenario {
        zone: zone(45),
        pcp: pcp(6),
        ..s1()
    }
}

fn dm_zone(free: u64) -> ZoneSpec {
    ZoneSpec {
        free: Some(free),
        reclaimable_clean: 32,
        kswapd_rate: 0,
        ..ZoneSpec::default()
    }
}

pub(super) fn s4() -> Scenario {
    Scenario {
        zone: dm_zone(36),
        pcp: pcp(0),
        pool: dm_pool(8, 4),
        tasks: vec![task(
            "A",
            vec![Op::DmCrypt {
                pages: 8,
                first_pass_only: true,
                start_blocking: false,
            }],
        )],
        ..Scenario::default()
    }
}

pub(super) fn s5() -> Scenario {
    Scenario {
        zone: dm_zone(28),
        pcp: pcp(7),
        pool: dm_pool(8, 5),
        tasks: vec![task(
            "A",
            vec![Op::DmCrypt {
                pages: 8,
                first_pass_only: false,
                start_blocking: true,
            }],
        )],
        ..Scenario::default()
    }
}

pub(super) fn s6() -> Scenario {
    let resume = Some(Resume {
        held: 6,
        full_gfp: true,
        sleeping: false,
    });
    Scenario {
        zone: zone(45),
        pcp: pcp(10),
        pool: pool(8, 0),
        tasks: vec![task(
            "A",
            vec![Op::MempoolBulk {
                nr: 8,
                gfp: Gfp::GFP_NOIO,
                consume: false,
                resume,
                bulk_first: true,
            }],
        )],
        ..Scenario::default()
    }
}

fn asleep(name: &str, nr: u32, held: u32) -> TaskSpec {
    let resume = Some(Resume {
        held,
        full_gfp: true,
        sleeping: true,
    });
    task(
        name,
        vec![Op::MempoolBulk {
            nr,
            gfp: Gfp::GFP_NOIO,
            consume: false,
            resume,
            bulk_first: true,
        }],
    )
}

pub(super) fn s7() -> Scenario {
    Scenario {
        zone: zone(20),
        pcp: pcp(0),
        pool: pool(8, 0),
        horizon_ms: 1_000,
        tasks: vec![
            asleep("A", 2, 0),
            asleep("B", 8, 5),
            TaskSpec {
                name: "C".into(),
                holds: 4,
                ops: vec![Op::FreeAll],
            },
        ],
        ..Scenario::default()
    }
}

pub(super) fn s8() -> Scenario {
    Scenario {
        zone: zone(20),
        pcp: pcp(0),
        pool: pool(8, 8),
        preempt: Preempt::PoolLock,
        horizon_ms: 17_000,
        tasks: vec![
            task("A", vec![bulk_call(8, Gfp::GFP_NOIO, false)]),
            task("B", vec![bulk_call(8, Gfp::GFP_NOIO, false)]),
        ],
        ..Scenario::default()
    }
}

fn io_then_free(first: Op) -> Vec<Op> {
    vec![first, Op::Io { ms: 100 }, Op::FreeAll]
}

pub(super) fn s8b() -> Scenario {
    let dm = || Op::DmCrypt {
        pages: 8,
        first_pass_only: false,
        start_blocking: false,
    };
    Scenario {
        pool: dm_pool(8, 8),
        zone: ZoneSpec {
            reclaimable_clean: 0,
            ..dm_zone(20)
        },
        horizon_ms: 30_000,
        tasks: vec![task("A", io_then_free(dm())), task("B", io_then_free(dm()))],
        ..s8()
    }
}

/// A `mempool_alloc_bulk` caller with an empty array, no `alloc_pages_bulk` first: every
/// attempt then goes through the mempool, whose mask always carries NORETRY, so a failure is
/// real (an `alloc_pages_bulk(GFP_NOIO)` first would never fail: too small to fail).
fn pool_only(nr: u32) -> Op {
    Op::MempoolBulk {
        nr,
        gfp: Gfp::GFP_NOIO,
        consume: false,
        resume: None,
        bulk_first: false,
    }
}

pub(super) fn s8c() -> Scenario {
    Scenario {
        semantics: Some(Semantics::Mainline6_19),
        mode: Mode::Array,
        horizon_ms: 30_000,
        tasks: vec![
            task("A", io_then_free(pool_only(8))),
            task("B", io_then_free(pool_only(8))),
        ],
        ..s8()
    }
}

/// The RFC drops the pool lock after the drain and joins the wait queue without it: B's free
/// (and its wake-up of an empty queue) fits in between. B's four frees to the page allocator
/// line its one mempool_free up with that window under `preempt: any_lock`.
pub(super) fn s8d() -> Scenario {
    Scenario {
        semantics: Some(Semantics::Rfc2022),
        mode: Mode::Array,
        preempt: Preempt::AnyLock,
        horizon_ms: 12_000,
        zone: zone(20),
        pcp: pcp(0),
        pool: pool(8, 1),
        tasks: vec![
            task("A", vec![pool_only(2)]),
            TaskSpec {
                name: "B".into(),
                holds: 6,
                ops: vec![Op::FreePages { count: 5 }, Op::Free { count: 1 }],
            },
        ],
        ..Scenario::default()
    }
}

fn plain(array: &str, gfp: Gfp) -> TaskSpec {
    task(
        "A",
        vec![Op::Bulk {
            nr: array.len() as u32,
            gfp,
            array: Some(array.into()),
        }],
    )
}

pub(super) fn s9() -> Scenario {
    Scenario {
        semantics: Some(Semantics::K6_0),
        mode: Mode::Array,
        zone: zone(800),
        pcp: pcp(12),
        pool: None,
        tasks: vec![plain("PPP__P__", Gfp::GFP_KERNEL)],
        ..Scenario::default()
    }
}

pub(super) fn s9b() -> Scenario {
    Scenario {
        zone: ZoneSpec {
            free: Some(100),
            reserved_free: 100,
            ..ZoneSpec::default()
        },
        pcp: pcp(2),
        ..s9()
    }
}

pub(super) fn s10() -> Scenario {
    Scenario {
        tasks: vec![plain("SSSSSSSS", Gfp::GFP_KERNEL)],
        ..s9()
    }
}

pub(super) fn s11() -> Scenario {
    Scenario {
        zone: ZoneSpec {
            free: Some(100),
            reserved_free: 100,
            reclaimable_clean: 64,
            ..ZoneSpec::default()
        },
        pcp: pcp(0),
        tasks: vec![plain("PPPP____", Gfp::GFP_KERNEL)],
        ..s9()
    }
}

pub(super) fn s12() -> Scenario {
    Scenario {
        zone: zone(800),
        pcp: pcp(28),
        pool: pool(8, 2),
        tasks: vec![TaskSpec {
            name: "A".into(),
            holds: 12,
            ops: vec![Op::FreeAll],
        }],
        ..Scenario::default()
    }
}

pub(super) fn s13() -> Scenario {
    let dm = || Op::DmCrypt {
        pages: 8,
        first_pass_only: false,
        start_blocking: false,
    };
    Scenario {
        semantics: Some(Semantics::K6_0),
        zone: zone(800),
        pcp: pcp(12),
        pool: Some(PoolSpec {
            min_nr: 8,
            curr_nr: Some(8),
            dm_crypt_limit: Some(100),
            n_allocated: 100,
        }),
        tasks: vec![task("A", io_then_free(dm())), task("B", io_then_free(dm()))],
        ..Scenario::default()
    }
}

pub(super) fn s14() -> Scenario {
    Scenario {
        semantics: Some(Semantics::K6_0),
        zone: ZoneSpec {
            pages: 4096,
            free: Some(3000),
            ..ZoneSpec::default()
        },
        pcp: PcpSpec {
            count: 300,
            batch: 63,
            high: 512,
            locked_by_other: true,
        },
        pool: None,
        tasks: vec![task(
            "A",
            vec![Op::Bulk {
                nr: 256,
                gfp: Gfp::GFP_KERNEL,
                array: None,
            }],
        )],
        ..Scenario::default()
    }
}

fn compound(zone: ZoneSpec) -> Scenario {
    Scenario {
        semantics: Some(Semantics::Mainline6_19),
        zone,
        pcp: pcp(0),
        pool: dm_pool(8, 8),
        tasks: vec![task(
            "A",
            vec![Op::DmCrypt {
                pages: 256,
                first_pass_only: false,
                start_blocking: false,
            }],
        )],
        ..Scenario::default()
    }
}

pub(super) fn s15() -> Scenario {
    compound(zone(800))
}

pub(super) fn s15b() -> Scenario {
    compound(ZoneSpec {
        buddyinfo: Some(vec![0, 0, 100]),
        ..ZoneSpec::default()
    })
}

pub(super) fn s15c() -> Scenario {
    compound(ZoneSpec {
        buddyinfo: Some(vec![300]),
        ..ZoneSpec::default()
    })
}
