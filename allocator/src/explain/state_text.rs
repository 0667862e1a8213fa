//! The state of a run at one step as text, in /proc/buddyinfo and /proc/zoneinfo vocabulary,
//! and the terms a pasted account defines. Shared by the whole-run text and the step text.

use crate::explain::narrate::count;
use crate::explain::wrap::wrap;
use crate::model::task::TaskState;
use crate::model::world::World;
use crate::trace::Trace;
use std::fmt::Write;

/// How much a state block says: everything; only what is not zero (the summary); or that,
/// without the tasks, which the outcome above it accounts for (the end of the folded text).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counters {
    All,
    NonZero,
    NoTasks,
}

/// `items` as "a, b, c", leaving out the zero ones when `only_nonzero`.
fn counts(items: &[(u64, &str)], only_nonzero: bool) -> Vec<String> {
    items
        .iter()
        .filter(|(n, _)| !only_nonzero || *n > 0)
        .map(|&(n, w)| count(n, w))
        .collect()
}

fn task_line(t: &Trace, w: &World, i: usize, how: Counters) -> String {
    let task = &w.tasks[i];
    let st = task.stats;
    let nz = how != Counters::All;
    let state = match task.state {
        TaskState::RetryingAlloc { .. } => ", looping in the page allocator",
        TaskState::SleepingOnPool { .. } => ", asleep on the pool",
        TaskState::BlockedOnMutex => ", blocked on bio_alloc_lock",
        _ => "",
    };
    let garbage = if st.garbage {
        ", USED STALE POINTERS"
    } else {
        ""
    };
    let name = t.task_name(i as u8);
    let holds = count(task.page_count(), "page");
    if !nz {
        return format!(
            "{name}: result {}, holds {holds} ({} from the page allocator, {} from the reserve), {}, {}, {}{state}{garbage}",
            st.result_text(),
            st.from_bulk,
            st.from_pool,
            count(st.bulk_calls, "alloc_pages_bulk call"),
            count(st.sleeps, "sleep"),
            count(st.timeouts, "timeout"),
        );
    }
    let mut parts = Vec::new();
    let result = st.result_text();
    if result != "-" {
        parts.push(format!("result {result}"));
    }
    let from: Vec<String> = [
        (st.from_bulk, "from the page allocator"),
        (st.from_pool, "from the reserve"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| format!("{n} {w}"))
    .collect();
    if from.is_empty() {
        parts.push(format!("holds {holds}"));
    } else {
        parts.push(format!("holds {holds} ({})", from.join(", ")));
    }
    parts.extend(counts(
        &[
            (u64::from(st.bulk_calls), "alloc_pages_bulk call"),
            (u64::from(st.sleeps), "sleep"),
            (u64::from(st.timeouts), "timeout"),
        ],
        true,
    ));
    format!("{name}: {}{state}{garbage}", parts.join(", "))
}

/// The zone's lines of a state block: buddyinfo, nr_free_pages, the pcp.
fn zone_lines(w: &World, how: Counters) -> String {
    let mut o = String::new();
    let z = &w.zone;
    let info: Vec<String> = z.buddy.buddyinfo().iter().map(|n| n.to_string()).collect();
    o.push_str(&wrap(
        &format!("Node 0, zone Normal {}", info.join(" ")),
        "  ",
        "    ",
    ));
    let reserved = z.buddy.nr_reserved_pages();
    let reserved = if how != Counters::All && reserved == 0 {
        String::new()
    } else {
        format!(", {reserved} reserved")
    };
    let _ = writeln!(
        o,
        "  nr_free_pages {} (min {} low {} high {}){reserved}",
        z.buddy.nr_free_pages(),
        z.wmark.min,
        z.wmark.low,
        z.wmark.high,
    );
    let _ = writeln!(
        o,
        "  pcp count {} high {} batch {}",
        z.pcp.count(),
        z.pcp.high,
        z.pcp.batch
    );
    o
}

/// The state block: the zone, the pcp, the counters, the pool, each task and the work done.
/// With `start` (and not `All`), zone lines equal to `start`'s are said to be so in a line.
pub(crate) fn state_block(
    t: &Trace,
    w: &World,
    heading: &str,
    how: Counters,
    start: Option<&World>,
) -> String {
    let mut o = String::new();
    let z = &w.zone;
    let nz = how != Counters::All;
    let _ = writeln!(o, "{heading}");
    let zone = zone_lines(w, how);
    match start {
        Some(s) if nz && zone_lines(s, how) == zone => {
            o.push_str("  zone and pcp as at the start\n")
        }
        _ => o.push_str(&zone),
    }
    let kswapd = format!(
        "kswapd {} (woken {})",
        if z.kswapd.awake { "awake" } else { "asleep" },
        count(z.kswapd.wakeups, "time")
    );
    let stats = if nz {
        let mut v = Vec::new();
        for (n, name) in [(z.stats.pgalloc, "pgalloc"), (z.stats.pgfree, "pgfree")] {
            if n > 0 {
                v.push(format!("{name} {n}"));
            }
        }
        v.push(kswapd);
        if !z.reclaim.is_empty() {
            v.push(format!("reclaimable {}", z.reclaim.len()));
        }
        v.join(", ")
    } else {
        format!(
            "pgalloc {}, pgfree {}, {kswapd}, reclaimable {}",
            z.stats.pgalloc,
            z.stats.pgfree,
            z.reclaim.len()
        )
    };
    // Short, after the zone's last line when it fits there.
    let last = o
        .trim_end()
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .to_string();
    if nz && last.len() + 2 + stats.len() <= crate::explain::wrap::WIDTH {
        o.truncate(o.trim_end().len() - last.len());
        let _ = writeln!(o, "{last}; {stats}");
    } else {
        o.push_str(&wrap(&stats, "  ", "    "));
    }
    if let Some(p) = &w.pool {
        let waiting = match p.waiters.len() {
            0 if nz => String::new(),
            n => format!(", {n} waiting"),
        };
        let _ = writeln!(
            o,
            "  mempool reserve curr_nr {} / min_nr {}{waiting}",
            p.curr_nr(),
            p.min_nr,
        );
    }
    match how {
        Counters::NoTasks => {}
        Counters::NonZero if (0..w.tasks.len()).all(|i| idle(w, i)) && !w.tasks.is_empty() => {
            let names: Vec<String> = (0..w.tasks.len())
                .map(|i| t.task_name(i as u8).to_string())
                .collect();
            o.push_str(&wrap(
                &format!("tasks {}: nothing held or done yet", names.join(", ")),
                "  ",
                "    ",
            ));
        }
        _ => {
            for i in 0..w.tasks.len() {
                o.push_str(&wrap(&task_line(t, w, i, how), "  ", "    "));
            }
        }
    }
    if !(nz && w.work == Default::default()) {
        o.push_str(&wrap(&work(w, how), "  ", "    "));
    }
    o
}

/// A task that holds nothing and has done nothing yet.
fn idle(w: &World, i: usize) -> bool {
    let task = &w.tasks[i];
    let st = task.stats;
    task.page_count() == 0
        && st.result_text() == "-"
        && st.from_bulk == 0
        && st.from_pool == 0
        && st.bulk_calls == 0
        && st.sleeps == 0
        && st.timeouts == 0
        && !st.garbage
        && matches!(task.state, TaskState::Runnable)
}

/// The work counters: delivery, calls, locks and checks, the reserve's traffic.
fn work(w: &World, how: Counters) -> String {
    let k = &w.work;
    let nz = how != Counters::All;
    let groups = [
        counts(
            &[
                (k.list_inserts, "list insert"),
                (k.list_removes, "list remove"),
                (k.array_zeroing_writes, "zeroing write"),
                (k.array_reads, "array read"),
                (k.array_writes, "array write"),
                (k.callbacks, "callback"),
                (k.bvec_writes, "bvec write"),
            ],
            nz,
        ),
        counts(
            &[
                (k.mempool_calls, "mempool call"),
                (k.allocator_calls, "page-allocator call"),
            ],
            nz,
        ),
        counts(
            &[
                (k.pool_lock, "pool-lock hold"),
                (k.zone_lock, "zone-lock hold"),
                (k.pcp_lock, "pcp-lock hold"),
                (k.watermark_checks, "watermark check"),
            ],
            nz,
        ),
        counts(
            &[
                (k.pool_takes, "reserve take"),
                (k.pool_puts, "reserve put"),
                (k.wakeups, "wake-up"),
            ],
            nz,
        ),
    ];
    let mut parts: Vec<String> = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        if g.is_empty() {
            continue;
        }
        let mut s = g.join(", ");
        if i == 0 && (!nz || k.delivery_total() > 0) {
            s.push_str(&format!(" (delivery work {})", k.delivery_total()));
        }
        parts.push(s);
    }
    if parts.is_empty() {
        "work: none yet".into()
    } else {
        format!("work: {}", parts.join("; "))
    }
}

/// The words an account uses, each with the text that shows it is used (`None`: always).
const TERMS: [(Option<&str>, &str); 8] = [
    (None, "F = nr_free_pages, the pages in the buddy lists, the only free pages the watermarks count"),
    (Some("C = "), "C = pages on the per-CPU free list (pcp), not in F"),
    (Some("low + nr"), "\"low + nr\" = the bulk allocator's zone check"),
    (Some("reserve"), "the reserve = the mempool's preallocated elements (curr_nr of min_nr)"),
    (Some("PGALLOC"), "PGALLOC = pages handed out by the page allocator"),
    (Some("ound "), "a round = one pass of a mempool call"),
    (Some(" reserved"), "\"reserved\" pages = free pages of a migrate type this request may not take, which the model still counts in F"),
    (Some("n_allocated_pages"), "n_allocated_pages and dm_crypt_pages_per_client = dm-crypt's page counter and its per-client limit"),
];

/// The terms paragraph: every term (`All`), or only those `body` uses.
pub(crate) fn terms(body: &str, how: Counters) -> String {
    let used: Vec<&str> = TERMS
        .iter()
        .filter(|(key, _)| how == Counters::All || key.is_none_or(|k| body.contains(k)))
        .map(|(_, text)| *text)
        .collect();
    wrap(&format!("Terms: {}.", used.join("; ")), "  ", "  ")
}
