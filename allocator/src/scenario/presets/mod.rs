//! The teaching scenarios of domain.md §11 as named presets (`s1` … `s15`, plus variants), and
//! the large scenarios used by the benchmarks and the frame-map performance test.

mod build;
mod scale;

use crate::model::types::Semantics;
use crate::scenario::Scenario;
use build::*;
use scale::big;
pub use scale::large;

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
        lesson: "The bulk allocator needs F > low + nr; near the low watermark it returns one page and the reserve absorbs almost the whole request, although 51 pages were free (45 in the buddy lists, 6 on the per-CPU list).",
        alternatives: YANG_SHI, build: s3 },
    Preset { id: "s4", slug: "dm-crypt-nowait", title: "dm-crypt's non-blocking pass fails",
        summary: "the GFP_NOWAIT pass gets 1 page plus the reserve's 4 and fails; its frees refill the reserve to 5",
        lesson: "mempool_free refills the reserve before anything goes back to the system, so a failed pass leaves the reserve higher (5) than it started (4). The scenario stops where dm-crypt's blocking pass would begin: crypt_alloc_buffer itself never fails there.",
        alternatives: YANG_SHI, build: s4 },
    Preset { id: "s5", slug: "sleep-5s", title: "Sleepable pass: reclaim frees 32 pages, yet the task sleeps twice",
        summary: "direct reclaim frees 32 pages onto the per-CPU list, where the watermark does not see them: the task sleeps through two 5 s timeouts",
        lesson: "Only mempool_free wakes the pool's waiters, and reclaimed pages land on the per-CPU list, which the watermark does not count: the bulk check keeps failing, the task gets one page per round and waits out a 5 s timeout twice.",
        alternatives: YANG_SHI, build: s5 },
    Preset { id: "s6", slug: "array-asymmetry", title: "Array vs list watermark asymmetry",
        summary: "holding 6 of 8, list asks for 2 (low + 2) but array asks for 8 (low + 8) and sleeps",
        lesson: "The array interface is charged low + nr for the whole array, holes or not, so near the watermark the array caller gets one page per call and may sleep where the list caller does not.",
        alternatives: YANG_SHI, build: s6 },
    Preset { id: "s7", slug: "thundering-herd", title: "Wake-up and partial holding",
        summary: "4 frees wake both sleepers at once; B, queued last and woken first, finishes; A takes 1 and sleeps again holding it",
        lesson: "wake_up wakes every waiter (thundering herd); they race for the elements, and a partial holder keeps what it got while it sleeps again. prepare_to_wait queues each sleeper at the head, so the newest is woken first; which task then runs first is the scheduler's choice, and the model runs them in the queue's order.",
        alternatives: YANG_SHI, build: s7 },
    Preset { id: "s8", slug: "deadlock", title: "Deadlock hazard: partial draining",
        summary: "two tasks alternately drain the reserve, each holds 4 of 8, and neither ever makes progress",
        lesson: "Partial draining plus sleeping while holding pages is a deadlock; fix it by serialising callers (s8b) or by draining all or nothing (s8c).",
        alternatives: YANG_SHI, build: s8 },
    Preset { id: "s8b", slug: "deadlock-mutex", title: "Deadlock fix 1: dm-crypt's bio_alloc_lock",
        summary: "non-blocking passes give back what they grab; blocking passes are serialised by a mutex",
        lesson: "dm-crypt avoids the deadlock in the caller: blocking allocations run one at a time under bio_alloc_lock.",
        alternatives: YANG_SHI, build: s8b },
    Preset { id: "s8c", slug: "deadlock-all-or-nothing", title: "Deadlock fix 2: v6.19 mempool_alloc_bulk",
        summary: "the reserve is drained all at once or not at all, so nobody sleeps holding part of it",
        lesson: "mainline's mempool_alloc_bulk takes every missing element from the reserve at once or none, so a sleeper never holds part of the reserve. Here both callers hand mempool_alloc_bulk an empty array: an alloc_pages_bulk(GFP_NOIO) first could not fail (too small to fail) and would keep them in the page allocator.",
        alternatives: &[], build: s8c },
    Preset { id: "s8d", slug: "rfc-wait-window", title: "The RFC's unlocked wait: a free slips in before the sleep",
        summary: "under the RFC, B's free and wake-up land between A's drain and its sleep: A sleeps 5 s on a non-empty reserve; v2 and 6.19 cannot",
        lesson: "The RFC unlocks the pool after draining and only then joins the wait queue, so a mempool_free can refill the reserve and wake an empty queue in between: the caller then sleeps up to 5 s beside the page it needs. v2 and v6.19 keep the lock from the empty-reserve test through prepare_to_wait().",
        alternatives: &[Semantics::V2_2023, Semantics::Mainline6_19], build: s8d },
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
        summary: "a populated prefix plus a failed refill: v5.13 returns 4 without trying the single-page path; v6.0 returns 5",
        lesson: "Before May 2022 the fallback tested `populated == 0`, so a pre-populated array never reached the single-page path: no direct reclaim and no kswapd wake-up, and callers that loop until the array is full hung (bugzilla 216007). Since the fix the test reads `nr_account == 0`; here the single-page path gets the fifth page by direct reclaim (kswapd stays asleep: this zone is above high).",
        alternatives: &[Semantics::PreMay2022], build: s11 },
    Preset { id: "s12", slug: "free-path", title: "Free path: reserve first, then pcp, then buddy",
        summary: "12 frees: 6 refill the reserve, 6 go to the pcp, which drains 8 pages to the buddy at high",
        lesson: "mempool_free refills the reserve before anything reaches the page allocator; the pcp drains `batch` pages from its cold end when it reaches `high`.",
        alternatives: &[Semantics::Mainline6_19], build: s12 },
    Preset { id: "s13", slug: "dm-crypt-limit", title: "dm-crypt per-client limit",
        summary: "at or over dm_crypt_pages_per_client, every page comes from the reserve and tasks wait for completions",
        lesson: "mempool_alloc always adds NORETRY, so dm-crypt's per-client limit applies to every mempool-driven allocation: dm-crypt is throttled to its reserve.",
        alternatives: &[Semantics::Rfc2022], build: s13 },
    Preset { id: "s14", slug: "pcp-trylock", title: "pcp trylock contention (v6.0)",
        summary: "a remote drain holds the pcp lock: a 256-page bulk call returns exactly 1 page",
        lesson: "Since v6.0 the bulk allocator takes the pcp with a trylock; when it fails, the call degrades to the single-page path and returns one page. Before v6.0 the local lock could not fail.",
        alternatives: &[Semantics::PreMay2022], build: s14 },
    Preset { id: "s15", slug: "compound-pages", title: "What mainline did: compound pages (v6.5+)",
        summary: "a 1 MiB bio from one order-8 block: one allocation, one bvec, the reserve untouched",
        lesson: "Since v6.5 dm-crypt asks for the largest compound page that fits what remains and adds it as one bvec; a healthy zone serves a whole 1 MiB bio with one allocation and no bulk API at all.",
        alternatives: &[], build: s15 },
    Preset { id: "s15b", slug: "compound-order-2", title: "Compound pages from a fragmented zone",
        summary: "only order-2 blocks are free: orders 8 to 3 fail, then 64 allocations of 4 pages",
        lesson: "Each failed order costs the model two watermark checks, low then min (the kernel tries min once more after retry: before it gives up; the first failure also wakes kswapd); the order only goes down within a call, so once order 2 works every remaining chunk is 4 pages.",
        alternatives: &[], build: s15b },
    Preset { id: "s15c", slug: "compound-none", title: "Compound pages when only single pages are free",
        summary: "no free block above order 0: 256 single-page mempool_alloc calls, as before v6.5",
        lesson: "With no order > 0 block free, dm-crypt first tries orders 8 to 1 (16 watermark checks in the model; the kernel tries each order's freelists three times, 24 in all), then falls back to one mempool_alloc per page: the v6.0 cost that the bulk proposal wanted to remove.",
        alternatives: &[], build: s15c },
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
