//! The tour's stops, in the order of the story: the page allocator and its per-CPU list, one
//! bulk call, the watermark gate, dm-crypt's mempool and the RFC's four phases, Mel Gorman's
//! objection, the array's asymmetry, the deadlock and its two fixes, the RFC's unlocked wait,
//! and what mainline did. Each number a text says is quoted below it (`tests/tour.rs`).

use super::{At, Quote, Run, Stop, Value, What, END};
use crate::model::types::{Mode, Semantics};
use crate::trace::ending::Class;
use crate::view::link::View;

const fn at(preset: &'static str, mode: Option<Mode>, view: View, step: usize) -> At {
    At {
        preset,
        mode,
        semantics: None,
        view,
        step,
    }
}

const fn q(what: What, n: u64) -> Quote {
    Quote {
        run: Run::Own,
        what,
        is: Value::N(n),
    }
}

const fn q_in(run: Run, what: What, n: u64) -> Quote {
    Quote {
        run,
        what,
        is: Value::N(n),
    }
}

const fn ends(run: Run, class: Class) -> Quote {
    Quote {
        run,
        what: What::Ended,
        is: Value::Ended(class),
    }
}

const LIST: Option<Mode> = Some(Mode::List);
const ARRAY: Option<Mode> = Some(Mode::Array);

/// Where each stop opens, in the order of `STOPS` (`STOPS[i].at == AT[i]`): a table of its own,
/// so that the web player's first module, which opens stops, does not carry their texts (the
/// card that shows them is in the module loaded on first use).
pub const AT: &[At] = &[
    at("s1", LIST, View::Step, 0),
    at("s1", LIST, View::Step, 16),
    at("s3", LIST, View::Step, 6),
    at("s5", LIST, View::Step, 6),
    at("s5", LIST, View::Step, 36),
    at("s1", LIST, View::Compare, END),
    at("s6", ARRAY, View::Compare, 13),
    at("s8", LIST, View::Step, 70),
    at("s8b", LIST, View::Step, 132),
    at("s8c", ARRAY, View::Step, 27),
    at("s8d", ARRAY, View::Step, 48),
    at("s15", None, View::Step, 6),
    at("s8", LIST, View::Versions, END),
];

pub const STOPS: &[Stop] = &[
    Stop {
        title: "Pages, the buddy lists and the per-CPU list",
        at: AT[0],
        text: "Linux hands out memory in 4 KiB pages. Free pages wait in the zone's buddy lists, \
               counted as F (800 here), and a per-CPU list, the pcp, keeps C single pages ready \
               (12 here) so that most allocations skip the zone lock. The watermarks min, low and \
               high (32, 40 and 48) say how far F may fall before allocating gets harder. Beside \
               them sits a mempool: a reserve of 8 pages set aside for callers that must make \
               progress.",
        try_this: "Open \"Notation\" under the header for every abbreviation on screen, then \
                   press → to start the run.",
        quotes: &[
            q(What::Free(0), 800),
            q(What::Pcp(0), 12),
            q(What::WmarkMin, 32),
            q(What::WmarkLow, 40),
            q(What::WmarkHigh, 48),
            q(What::Reserve(0), 8),
        ],
        constants: &["4 KiB"],
    },
    Stop {
        title: "One bulk call",
        at: AT[1],
        text: "Task A asks for 8 pages at once. The bulk allocator checks the zone once \
               (F = 800 > low + 8 = 48), takes the pcp lock once and moves 8 pages off the front \
               of the pcp onto A's list: C drops from 12 to 4, F does not move, and PGALLOC grows \
               by 8 in one update. One call instead of 8 single-page allocations, each with its \
               own checks and locking: that is what the bulk allocator is for.",
        try_this: "Press Home, then → one step at a time, and watch C count down in the \
                   per-CPU list panel.",
        quotes: &[
            q(What::BulkNr(0), 8),
            q(What::Free(16), 800),
            q(What::Mark(6), 48),
            q(What::Pcp(0), 12),
            q(What::Pcp(16), 4),
            q(What::PgAlloc(16), 8),
        ],
        constants: &[],
    },
    Stop {
        title: "The watermark gate",
        at: AT[2],
        text: "The same request from a poorer zone: F = 45. Before it touches the pcp, the bulk \
               allocator wants F > low + nr = 48, and 45 fails, although 6 more pages sit on the \
               pcp, where F does not count them. So it falls back to the single-page path, which \
               only needs F > low = 40, and returns 1 page. The mempool's reserve gives the \
               other 7.",
        try_this: "Press → five times and watch F against low + N, then the reserve panel as it \
                   hands out 7 pages.",
        quotes: &[
            q(What::Free(6), 45),
            q(What::Mark(6), 48),
            q(What::Pcp(6), 6),
            q(What::WmarkLow, 40),
            q(What::BulkReturn(0), 1),
            q(What::FromPool(0), 7),
        ],
        constants: &[],
    },
    Stop {
        title: "Why dm-crypt needs a mempool",
        at: AT[3],
        text: "dm-crypt encrypts each write into pages of its own. Under memory pressure those \
               writes are often what frees memory, so dm-crypt must not wait for reclaim that \
               needs I/O: it asks with GFP_NOIO and keeps a mempool, a reserve filled in advance, \
               so that a write always makes progress. It called mempool_alloc once per page, 256 \
               times for a 1 MiB bio. Yang Shi's RFC proposed one call per bio: a bulk call \
               first, then the reserve. Here the bio needs 8; the reserve holds 5.",
        try_this: "Point at the flags in the phase strip: each says what it means and who \
                   added it.",
        quotes: &[q(What::BulkNr(0), 8), q(What::Reserve(6), 5)],
        constants: &["256 times", "1 MiB"],
    },
    Stop {
        title: "The RFC's four phases",
        at: AT[4],
        text: "The RFC's mempool call runs in rounds of four phases, lit in the strip above: \
               [A] a bulk call without direct reclaim, [B] drain the reserve, [C] retry at once \
               with the full mask, which may reclaim, [D] sleep until a mempool_free or a 5 s \
               timeout. Here direct reclaim frees 32 pages, but onto the pcp, where F cannot see \
               them: A gets one page per round and sleeps twice, 10 s in all, although the memory \
               is there.",
        try_this: "Click a phase in the strip to jump to its next step, or press End to read \
                   how the run ended.",
        quotes: &[
            q(What::Reclaimed, 32),
            q(What::Sleeps(0), 2),
            q(What::EndSeconds, 10),
        ],
        constants: &["5 s"],
    },
    Stop {
        title: "List, array or callback: Mel Gorman's objection",
        at: AT[5],
        text: "The RFC offered a list and an array. Mel Gorman objected: dm-crypt only feeds \
               each page to bio_add_page, so a list costs 8 inserts and 8 removals for nothing, \
               an array needs a buffer of its own, zeroed first (8 writes, then 17 reads), and a \
               first user of the list interface would stop it from being removed. He proposed a \
               callback that hands each page straight over: 8 calls. Yang Shi agreed and posted \
               v2 with callbacks.",
        try_this: "Compare the lanes' counters and the bars below them, then press ← to \
                   watch the three lanes step together.",
        quotes: &[
            q_in(Run::Mode(Mode::List), What::Work("list_inserts"), 8),
            q_in(Run::Mode(Mode::List), What::Work("list_removes"), 8),
            q_in(
                Run::Mode(Mode::Array),
                What::Work("array_zeroing_writes"),
                8,
            ),
            q_in(Run::Mode(Mode::Array), What::Work("array_reads"), 17),
            q_in(Run::Mode(Mode::Callback), What::Work("callbacks"), 8),
        ],
        constants: &[],
    },
    Stop {
        title: "The array's asymmetry",
        at: AT[6],
        text: "A task already holds 6 of its 8 pages and needs 2 more; F = 45. With a list, the \
               allocator is asked for 2 and checks low + 2 = 42: 2 pages at once. With an array \
               it is asked for the whole array, checks low + 8 = 48, fails, and returns one page: \
               the array caller sleeps 5 s for the last page, where the list caller does not \
               sleep at all.",
        try_this: "Step back and forth with ← and →: the timeline's markers show where the \
                   array lane sleeps and wakes.",
        quotes: &[
            q(What::Holds(0, 0), 6),
            q(What::BulkNr(0), 8),
            q(What::Free(0), 45),
            q_in(Run::Mode(Mode::List), What::BulkNr(0), 2),
            q_in(Run::Mode(Mode::List), What::Mark(5), 42),
            q(What::Mark(6), 48),
            q(What::Sleeps(0), 1),
            q_in(Run::Mode(Mode::List), What::Sleeps(0), 0),
        ],
        constants: &["5 s"],
    },
    Stop {
        title: "Two callers, one reserve: the deadlock",
        at: AT[7],
        text: "Now two tasks each need 8 pages, the zone is below min and nothing can be \
               reclaimed. The RFC drops the pool lock between pages, so A and B take turns \
               draining the reserve until each holds 4 and it is empty. Both sleep holding their \
               half, wake at every 5 s timeout, find nothing and sleep again. Nobody is left to \
               free a page: a deadlock.",
        try_this: "Press End: the run stops where the state at one timeout repeats the state \
                   at the one before.",
        quotes: &[
            q(What::BulkNr(0), 8),
            q(What::Holds(0, 70), 4),
            q(What::Holds(1, 70), 4),
            q(What::Reserve(70), 0),
            ends(Run::Own, Class::Deadlock),
        ],
        constants: &["5 s"],
    },
    Stop {
        title: "Fix 1: dm-crypt's bio_alloc_lock",
        at: AT[8],
        text: "dm-crypt avoids this in the caller. Its first pass never sleeps: each task grabs \
               4 pages, fails and gives them back. Its blocking pass runs under bio_alloc_lock, \
               one task at a time: A takes the lock and all 8 pages; B waits for the lock, then \
               sleeps holding nothing until A's write completes and A's frees refill the \
               reserve. Both finish.",
        try_this: "Press → a few times and watch A's frees refill the reserve and wake B.",
        quotes: &[
            q(What::Holds(0, 46), 4),
            q(What::Holds(1, 46), 4),
            q(What::Holds(0, 132), 8),
            q(What::Holds(1, 132), 0),
            ends(Run::Own, Class::Completed),
        ],
        constants: &[],
    },
    Stop {
        title: "Fix 2: all or nothing, v6.19's mempool_alloc_bulk",
        at: AT[9],
        text: "Mainline took the other way out. Christoph Hellwig's mempool_alloc_bulk (v6.19) \
               takes every missing page from the reserve at once, or none. A finds 8 and takes \
               all 8; B then finds 0, takes nothing and sleeps holding nothing. Each of A's frees \
               wakes B, which takes its 8 only once the reserve holds them all: it sleeps 8 \
               times, briefly, and both finish.",
        try_this: "Press → until B wakes, and read in the narration why it sleeps again.",
        quotes: &[
            q(What::Holds(0, 27), 8),
            q(What::Holds(1, 27), 0),
            q(What::Reserve(27), 0),
            q(What::FromPool(1), 8),
            q(What::Sleeps(1), 8),
            ends(Run::Own, Class::Completed),
        ],
        constants: &[],
    },
    Stop {
        title: "The RFC's unlocked wait",
        at: AT[10],
        text: "One more flaw, in the RFC only. After draining, it unlocks the pool and only then \
               decides to sleep. In that gap B frees a page: the reserve refills to 1 and wake_up \
               finds nobody waiting. A then sleeps 5 s beside the page it needs. v2 and v6.19 \
               keep the lock from the empty check until the caller is on the wait queue, so that \
               wake-up cannot be lost.",
        try_this: "Switch Semantics to v2 2023: B's free now wakes A at once, and the run ends \
                   at t = 0 ms.",
        quotes: &[
            q(What::Reserve(48), 1),
            q(What::Holds(0, 48), 1),
            q_in(Run::Semantics(Semantics::V2_2023), What::EndSeconds, 0),
            ends(Run::Semantics(Semantics::V2_2023), Class::Completed),
        ],
        constants: &["5 s", "v2 2023"],
    },
    Stop {
        title: "What mainline did: compound pages",
        at: AT[11],
        text: "Neither series was merged. Since v6.5, dm-crypt asks for the largest compound \
               page that fits what is left (Mikulas Patocka's change): here one order-8 block of \
               256 pages becomes one bvec of 1 MiB, in one allocation, and the reserve stays \
               untouched at 8. Only when no large block is left does it fall back, order by \
               order, to one mempool_alloc per page.",
        try_this: "Pick s15b or s15c in the Scenario list: a fragmented zone, then one with \
                   single pages only.",
        quotes: &[
            q(What::BvecOrder(0, 6), 8),
            q(What::Holds(0, 6), 256),
            q(What::Bvecs(0, 6), 1),
            q(What::Reserve(6), 8),
        ],
        constants: &["1 MiB"],
    },
    Stop {
        title: "By version: s8 under each kernel",
        at: AT[12],
        text: "The deadlock of s8 under each version. The RFC, v2 and v6.0's per-page \
               mempool_alloc all deadlock: each task keeps part of the reserve. Under v6.19 this \
               caller is blk-crypto's, which calls alloc_pages_bulk first; with nothing to \
               reclaim, that order-0 request can neither fail nor succeed: a livelock, not a \
               fix. Preset s8c runs mempool_alloc_bulk alone, and completes.",
        try_this: "Open Explore and sweep the reserve's curr_nr with one line per version: runs \
                   that do not complete get a band of their own.",
        quotes: &[
            ends(Run::Version(Semantics::Rfc2022), Class::Deadlock),
            ends(Run::Version(Semantics::V2_2023), Class::Deadlock),
            ends(Run::Version(Semantics::K6_0), Class::Deadlock),
            ends(Run::Version(Semantics::Mainline6_19), Class::Livelock),
            ends(Run::Preset("s8c"), Class::Completed),
        ],
        constants: &["order-0"],
    },
];
