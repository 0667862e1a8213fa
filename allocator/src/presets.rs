//! The teaching scenarios of domain.md §11 as named presets (`s1` … `s14`, plus variants), and
//! the large scenarios used by the benchmarks and the frame-map performance test.

use crate::gfp::Gfp;
use crate::scenario::{Op, PcpSpec, PoolSpec, Preempt, Resume, Scenario, TaskSpec, ZoneSpec};
use crate::types::{Mode, Semantics};

/// A named teaching scenario.
#[derive(Clone, Debug)]
pub struct Preset {
    pub id: &'static str,
    pub slug: &'static str,
    pub title: &'static str,
    /// One line for the picker and `bulkpool list`.
    pub summary: &'static str,
    /// What the scenario teaches.
    pub lesson: &'static str,
    /// The semantics worth switching to in this scenario, besides the default.
    pub alternatives: &'static [Semantics],
    build: fn() -> Scenario,
}

impl Preset {
    pub fn scenario(&self) -> Scenario {
        let mut s = (self.build)();
        s.name = format!("{}-{}", self.id, self.slug);
        s.description = self.summary.to_string();
        s
    }
}

fn task(name: &str, ops: Vec<Op>) -> TaskSpec {
    TaskSpec {
        name: name.into(),
        holds: 0,
        ops,
    }
}

fn bulk_call(nr: u32, gfp: Gfp, consume: bool) -> Op {
    Op::MempoolBulk {
        nr,
        gfp,
        consume,
        resume: None,
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

fn pool(min_nr: u32, curr_nr: u32) -> Option<PoolSpec> {
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

fn s1() -> Scenario {
    Scenario {
        zone: zone(800),
        pcp: pcp(12),
        pool: pool(8, 8),
        tasks: vec![task("A", vec![bulk_call(8, Gfp::GFP_NOIO, true)])],
        ..Scenario::default()
    }
}

fn s2() -> Scenario {
    Scenario {
        zone: ZoneSpec {
            buddyinfo: Some(vec![0, 0, 0, 2, 1, 0, 0, 0, 1, 1]),
            ..ZoneSpec::default()
        },
        pcp: pcp(3),
        ..s1()
    }
}

fn s3() -> Scenario {
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

fn s4() -> Scenario {
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

fn s5() -> Scenario {
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

fn s6() -> Scenario {
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
        }],
    )
}

fn s7() -> Scenario {
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

fn s8() -> Scenario {
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

fn s8b() -> Scenario {
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

fn s8c() -> Scenario {
    Scenario {
        semantics: Some(Semantics::Mainline6_19),
        mode: Mode::Array,
        horizon_ms: 30_000,
        tasks: vec![
            task("A", io_then_free(bulk_call(8, Gfp::GFP_NOIO, false))),
            task("B", io_then_free(bulk_call(8, Gfp::GFP_NOIO, false))),
        ],
        ..s8()
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

fn s9() -> Scenario {
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

fn s9b() -> Scenario {
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

fn s10() -> Scenario {
    Scenario {
        tasks: vec![plain("SSSSSSSS", Gfp::GFP_KERNEL)],
        ..s9()
    }
}

fn s11() -> Scenario {
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

fn s12() -> Scenario {
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

fn s13() -> Scenario {
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

fn s14() -> Scenario {
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

fn big() -> Scenario {
    let bio = || {
        vec![
            bulk_call(256, Gfp::GFP_NOIO, true),
            Op::Io { ms: 20 },
            Op::FreeAll,
        ]
    };
    let ops = |n: usize| (0..n).flat_map(|_| bio()).collect::<Vec<_>>();
    Scenario {
        zone: ZoneSpec {
            pages: 65_536,
            free: Some(60_000),
            min: 1024,
            low: 1280,
            high: 1536,
            ..ZoneSpec::default()
        },
        pcp: PcpSpec {
            count: 100,
            batch: 63,
            high: 378,
            locked_by_other: false,
        },
        pool: pool(256, 256),
        tasks: vec![
            task("A", ops(4)),
            task("B", ops(4)),
            task("C", ops(4)),
            task("D", ops(4)),
        ],
        ..Scenario::default()
    }
}

const YANG_SHI: &[Semantics] = &[Semantics::Rfc2022, Semantics::V2_2023];

pub const PRESETS: &[Preset] = &[
    Preset { id: "s1", slug: "happy-path", title: "Happy path and the cost of each delivery mode",
        summary: "8 pages straight from the pcp in one bulk call; compare list, array and callback work",
        lesson: "One bulk call satisfies the request; only the delivery work differs: list inserts and removals, array zeroing, re-reads and stores, or one callback per page.",
        alternatives: YANG_SHI, build: s1 },
    Preset { id: "s2", slug: "pcp-refill", title: "pcp refill inside the bulk loop",
        summary: "the pcp holds 3 pages, the bulk loop refills 8 from a split order-3 block and returns 8",
        lesson: "\"The pcp has 3 pages\" does not mean \"bulk returns 3\": an empty pcp is refilled by `batch` pages under one zone-lock hold, split from the smallest free block.",
        alternatives: YANG_SHI, build: s2 },
    Preset { id: "s3", slug: "watermark-gate", title: "Watermark gate: bulk degrades to one page",
        summary: "F = 45 fails low + 8 = 48, so bulk returns 1 page and the reserve gives 7",
        lesson: "The bulk allocator needs F > low + nr; near the low watermark it returns one page and the reserve absorbs almost the whole request, although 51 pages were free.",
        alternatives: YANG_SHI, build: s3 },
    Preset { id: "s4", slug: "dm-crypt-nowait", title: "dm-crypt's non-blocking pass fails",
        summary: "GFP_NOWAIT gets 1 page plus the reserve's 4, fails, and its frees refill the reserve to 5",
        lesson: "mempool_free refills the reserve before anything goes back to the system, so a failed pass leaves the reserve higher (5) than it started (4).",
        alternatives: YANG_SHI, build: s4 },
    Preset { id: "s5", slug: "sleep-5s", title: "Sleepable pass: reclaim helps, yet the task sleeps 5 s",
        summary: "direct reclaim frees 32 pages but only mempool_free wakes sleepers: the task waits for the 5 s timeout",
        lesson: "Only mempool_free wakes the pool's waiters; memory freed by reclaim is noticed only when the 5 s timeout ends the sleep.",
        alternatives: YANG_SHI, build: s5 },
    Preset { id: "s6", slug: "array-asymmetry", title: "Array vs list watermark asymmetry",
        summary: "holding 6 of 8, list asks for 2 (low + 2) but array asks for 8 (low + 8) and sleeps",
        lesson: "The array interface is charged low + nr for the whole array, holes or not, so near the watermark the array caller gets one page per call and may sleep where the list caller does not.",
        alternatives: YANG_SHI, build: s6 },
    Preset { id: "s7", slug: "thundering-herd", title: "Wake-up and partial holding",
        summary: "4 frees wake both sleepers at once; A finishes, B takes 2 and sleeps again holding 7",
        lesson: "wake_up wakes every waiter (thundering herd); they race for the elements, and a partial holder keeps what it got while it sleeps again.",
        alternatives: YANG_SHI, build: s7 },
    Preset { id: "s8", slug: "deadlock", title: "Deadlock hazard: partial draining",
        summary: "two tasks alternately drain the reserve, each holds 4 of 8 and sleeps forever",
        lesson: "Partial draining plus sleeping while holding pages is a deadlock; fix it by serialising callers (s8b) or by draining all or nothing (s8c).",
        alternatives: YANG_SHI, build: s8 },
    Preset { id: "s8b", slug: "deadlock-mutex", title: "Deadlock fix 1: dm-crypt's bio_alloc_lock",
        summary: "non-blocking passes give back what they grab; blocking passes are serialised by a mutex",
        lesson: "dm-crypt avoids the deadlock in the caller: blocking allocations run one at a time under bio_alloc_lock.",
        alternatives: YANG_SHI, build: s8b },
    Preset { id: "s8c", slug: "deadlock-all-or-nothing", title: "Deadlock fix 2: v6.19 mempool_alloc_bulk",
        summary: "the reserve is drained all at once or not at all, so nobody sleeps holding part of it",
        lesson: "mainline's mempool_alloc_bulk takes every missing element from the reserve at once or none, so a sleeper never holds part of the reserve.",
        alternatives: &[], build: s8c },
    Preset { id: "s9", slug: "array-holes", title: "Array holes (SUNRPC-style refill)",
        summary: "[P P P _ _ P _ _]: the bulk call fills the 4 holes and returns 8",
        lesson: "The return value counts populated positions from the start, not pages allocated in this call.",
        alternatives: &[], build: s9 },
    Preset { id: "s9b", slug: "array-holes-short", title: "Array holes with only 2 pages to give",
        summary: "the pcp has 2 usable pages: slots 3 and 4 fill, the call stops at 6 and returns 6",
        lesson: "A partial result is normal: once a page was taken, an empty pcp ends the loop and the caller sees how far the array is filled.",
        alternatives: &[], build: s9b },
    Preset { id: "s10", slug: "forgotten-zeroing", title: "Forgotten zeroing",
        summary: "an array of stale pointers looks fully populated: nothing is allocated and garbage is used",
        lesson: "Array callers must pass NULL holes: any non-NULL value counts as a page (true from v5.13 through v6.19).",
        alternatives: &[], build: s10 },
    Preset { id: "s11", slug: "pre-may-2022", title: "Version toggle: the May 2022 \"at least one page\" fix",
        summary: "a populated prefix plus a failed refill: v5.13 returns 4 and never wakes kswapd; v6.0 returns 5",
        lesson: "Before May 2022 the fallback tested `populated == 0`, so a pre-populated array never reached the single-page path, kswapd never woke and looping callers hung (bugzilla 216007).",
        alternatives: &[Semantics::PreMay2022], build: s11 },
    Preset { id: "s12", slug: "free-path", title: "Free path: reserve first, then pcp, then buddy",
        summary: "12 frees: 6 refill the reserve, 6 go to the pcp, which drains 8 pages to the buddy at high",
        lesson: "mempool_free refills the reserve before anything reaches the page allocator; the pcp drains `batch` pages from its cold end when it reaches `high`.",
        alternatives: &[Semantics::Mainline6_19], build: s12 },
    Preset { id: "s13", slug: "dm-crypt-limit", title: "dm-crypt per-client limit",
        summary: "over dm_crypt_pages_per_client, every page comes from the reserve and tasks wait for completions",
        lesson: "mempool_alloc always adds NORETRY, so dm-crypt's per-client limit applies to every mempool-driven allocation: dm-crypt is throttled to its reserve.",
        alternatives: &[Semantics::Rfc2022], build: s13 },
    Preset { id: "s14", slug: "pcp-trylock", title: "pcp trylock contention (v6.0)",
        summary: "a remote drain holds the pcp lock: a 256-page bulk call returns exactly 1 page",
        lesson: "Since v6.0 the bulk allocator takes the pcp with a trylock; when it fails, the call degrades to the single-page path and returns one page. Before v6.0 the local lock could not fail.",
        alternatives: &[Semantics::PreMay2022], build: s14 },
    Preset { id: "big", slug: "65536-frames", title: "Scale: a 65,536-frame zone",
        summary: "four tasks each allocate and free four 256-page bios in a 256 MiB zone",
        lesson: "At dm-crypt's real size (256 pages a bio) the refills, drains and per-page delivery work dominate; the frame map shows the churn.",
        alternatives: YANG_SHI, build: big },
];

/// Finds a preset by id (`s5`) or slug (`sleep-5s`), case-insensitively.
pub fn find(name: &str) -> Option<&'static Preset> {
    let name = name.to_ascii_lowercase();
    PRESETS
        .iter()
        .find(|p| p.id == name || p.slug == name || format!("{}-{}", p.id, p.slug) == name)
}

/// The benchmark's large scenario: a 2^20-frame zone and `bios` successive 256-page bio
/// allocations (mempool bulk, callback delivery into the bio), each freed before the next.
pub fn large(frames: u32, bios: u32) -> Scenario {
    let mut ops = Vec::with_capacity(bios as usize * 2);
    for _ in 0..bios {
        ops.push(bulk_call(256, Gfp::GFP_NOIO, true));
        ops.push(Op::FreeAll);
    }
    Scenario {
        name: format!("large-{frames}-{bios}"),
        description: format!("{bios} successive 256-page bios in a {frames}-frame zone"),
        semantics: Some(Semantics::V2_2023),
        mode: Mode::Callback,
        horizon_ms: 1_000,
        zone: ZoneSpec {
            pages: frames,
            free: Some(frames as u64 * 3 / 4),
            min: 1024,
            low: 1280,
            high: 1536,
            ..ZoneSpec::default()
        },
        pcp: PcpSpec {
            count: 0,
            batch: 63,
            high: 378,
            locked_by_other: false,
        },
        pool: pool(256, 256),
        tasks: vec![task("A", ops)],
        ..Scenario::default()
    }
}
