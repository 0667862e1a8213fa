//! The plain-text account of a run (`bulkpool run --format text`): at most 72 columns, to paste
//! into a mailing-list reply. Phases as headings, one numbered line per step, and a final state
//! block in /proc/buddyinfo and /proc/zoneinfo vocabulary.

use crate::explain::kernel::Kver;
use crate::explain::narrate::{count, narrate};
use crate::explain::source::{source_of_run, CodeLink, Patch};
use crate::model::task::TaskState;
use crate::model::types::SYSTEM;
use crate::model::world::World;
use crate::trace::Trace;
use std::fmt::Write;

pub const WIDTH: usize = 72;

/// Wraps `text` to `WIDTH` columns; the first line starts with `first`, the rest with `rest`.
/// Long words break after `|` (GFP masks), and anything still too long is split, never cut.
pub fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut fresh = true;
    let flush = |out: &mut String, line: &mut String| {
        out.push_str(line.trim_end());
        out.push('\n');
        *line = rest.to_string();
    };
    for word in text.split_whitespace() {
        let mut pieces: Vec<String> = word.split_inclusive('|').map(str::to_string).collect();
        let mut glued = false;
        while let Some(piece) = pieces.first().cloned() {
            let sep = usize::from(!fresh && !glued);
            let len = line.chars().count() + sep + piece.chars().count();
            if len <= WIDTH {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(&piece);
                pieces.remove(0);
                fresh = false;
                glued = true;
                continue;
            }
            if !fresh {
                flush(&mut out, &mut line);
                fresh = true;
                glued = false;
                continue;
            }
            // Alone on a line and still too long: split it.
            let room = WIDTH.saturating_sub(line.chars().count()).max(1);
            let head: String = piece.chars().take(room).collect();
            let tail: String = piece.chars().skip(room).collect();
            line.push_str(&head);
            flush(&mut out, &mut line);
            pieces[0] = tail;
            glued = false;
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

fn rule(title: &str) -> String {
    let head = format!("== {title} ");
    let pad = WIDTH.saturating_sub(head.chars().count());
    format!("{head}{}\n", "=".repeat(pad))
}

pub(crate) fn state_block(t: &Trace, w: &World, heading: &str) -> String {
    let mut o = String::new();
    let z = &w.zone;
    let _ = writeln!(o, "{heading}");
    let info: Vec<String> = z.buddy.buddyinfo().iter().map(|n| n.to_string()).collect();
    o.push_str(&wrap(
        &format!("Node 0, zone Normal {}", info.join(" ")),
        "  ",
        "    ",
    ));
    let _ = writeln!(
        o,
        "  nr_free_pages {} (min {} low {} high {}), {} reserved",
        z.buddy.nr_free_pages(),
        z.wmark.min,
        z.wmark.low,
        z.wmark.high,
        z.buddy.nr_reserved_pages()
    );
    let _ = writeln!(
        o,
        "  pcp count {} high {} batch {}",
        z.pcp.count(),
        z.pcp.high,
        z.pcp.batch
    );
    o.push_str(&wrap(
        &format!(
            "pgalloc {}, pgfree {}, kswapd {} (woken {}), reclaimable {}",
            z.stats.pgalloc,
            z.stats.pgfree,
            if z.kswapd.awake { "awake" } else { "asleep" },
            count(z.kswapd.wakeups, "time"),
            z.reclaim.len()
        ),
        "  ",
        "    ",
    ));
    if let Some(p) = &w.pool {
        let _ = writeln!(
            o,
            "  mempool reserve curr_nr {} / min_nr {}, {} waiting",
            p.curr_nr(),
            p.min_nr,
            p.waiters.len()
        );
    }
    for (i, task) in w.tasks.iter().enumerate() {
        let st = task.stats;
        let result = st.result_text();
        let state = match task.state {
            TaskState::RetryingAlloc { .. } => ", looping in the page allocator",
            TaskState::SleepingOnPool { .. } => ", asleep on the pool",
            TaskState::BlockedOnMutex => ", blocked on bio_alloc_lock",
            _ => "",
        };
        let line = format!(
            "{}: result {result}, holds {} ({} from the page allocator, {} from the reserve), {}, {}, {}{state}{}",
            t.task_name(i as u8),
            count(task.page_count(), "page"),
            st.from_bulk,
            st.from_pool,
            count(st.bulk_calls, "alloc_pages_bulk call"),
            count(st.sleeps, "sleep"),
            count(st.timeouts, "timeout"),
            if st.garbage { ", USED STALE POINTERS" } else { "" },
        );
        o.push_str(&wrap(&line, "  ", "    "));
    }
    let k = &w.work;
    let work = format!(
        "work: {}, {}, {}, {}, {}, {}, {} (delivery work {}); {}, {}; {}, {}, {}, {}; {}, {}, {}",
        count(k.list_inserts, "list insert"),
        count(k.list_removes, "list remove"),
        count(k.array_zeroing_writes, "zeroing write"),
        count(k.array_reads, "array read"),
        count(k.array_writes, "array write"),
        count(k.callbacks, "callback"),
        count(k.bvec_writes, "bvec write"),
        k.delivery_total(),
        count(k.mempool_calls, "mempool call"),
        count(k.allocator_calls, "page-allocator call"),
        count(k.pool_lock, "pool-lock hold"),
        count(k.zone_lock, "zone-lock hold"),
        count(k.pcp_lock, "pcp-lock hold"),
        count(k.watermark_checks, "watermark check"),
        count(k.pool_takes, "reserve take"),
        count(k.pool_puts, "reserve put"),
        count(k.wakeups, "wake-up")
    );
    o.push_str(&wrap(&work, "  ", "    "));
    o
}

/// The words every account uses, so that a pasted account stands on its own.
const TERMS: &str = "Terms: F = nr_free_pages, the pages in the buddy lists, the only \
free pages the watermarks count; C = pages on the per-CPU free list (pcp), not in F; \
\"low + nr\" = the bulk allocator's zone check; the reserve = the mempool's preallocated \
elements (curr_nr of min_nr); PGALLOC = pages handed out by the page allocator; a round = \
one pass of a mempool call; \"reserved\" pages = free pages of a migrate type this request \
may not take, which the model still counts in F; n_allocated_pages and \
dm_crypt_pages_per_client = dm-crypt's page counter and its per-client limit.";

/// The run's title: scenario, delivery (when it applies) and semantics.
pub fn title(t: &Trace) -> String {
    let delivery = if t.scenario.is_array_dm_crypt_what_if(t.mode, t.semantics) {
        "array delivery, a what-if: neither the RFC nor v2 had an array dm-crypt".to_string()
    } else if t.scenario.uses_delivery(t.semantics) {
        format!("{} delivery", t.mode)
    } else {
        match crate::explain::calls::what_runs(&t.scenario, t.semantics, t.mode) {
            calls if calls.is_empty() => "delivery n/a".to_string(),
            calls => calls,
        }
    };
    let what_if = t
        .rules()
        .what_if_label()
        .map(|l| format!("; {l}"))
        .unwrap_or_default();
    format!(
        "bulkpool: {} ({delivery}; {}{what_if})",
        t.scenario.name,
        t.semantics.title()
    )
}

/// The heading of a step's phase: whose, and when.
fn phase_heading(t: &Trace, ev: &crate::trace::event::Event, now_ms: u64) -> String {
    if ev.task == SYSTEM {
        return format!("Background (kswapd), t = {now_ms} ms");
    }
    format!(
        "{} ({}), t = {now_ms} ms",
        ev.phase.name(),
        t.task_name(ev.task)
    )
}

/// The sources the run's steps link to, at the end of the account.
/// The kernel version whose lines a run's steps link unmarked.
fn own_kernel(t: &Trace) -> Kver {
    if t.semantics == crate::model::types::Semantics::Mainline6_19 {
        Kver::V6_19
    } else {
        Kver::V6_0
    }
}

fn sources(t: &Trace) -> String {
    let mut kernel: Option<Kver> = None;
    let mut other: Option<Kver> = None;
    let mut patches: Vec<Patch> = Vec::new();
    let mut mails: Vec<&str> = Vec::new();
    for ev in &t.events {
        let src = source_of_run(ev, t.rules());
        match src.code {
            Some(CodeLink::Kernel(k)) if k.version == own_kernel(t) => kernel = Some(k.version),
            Some(CodeLink::Kernel(k)) => other = Some(k.version),
            Some(CodeLink::Patch(p)) if !patches.contains(&p) => patches.push(p),
            _ => {}
        }
        if let Some(id) = src.lore {
            if !mails.contains(&id) {
                mails.push(id);
            }
        }
    }
    let mut o = String::from("Sources\n");
    if let Some(v) = kernel {
        o.push_str(&wrap(
            &format!("[file:line] is a line of Linux {}:", v.name()),
            "  ",
            "  ",
        ));
        let _ = writeln!(
            o,
            "  https://elixir.bootlin.com/linux/{}/source/<file>#L<line>",
            v.name()
        );
    }
    if let Some(v) = other {
        o.push_str(&wrap(
            &format!(
                "[{} file:line] is a line of Linux {} (a what-if borrows it):",
                v.name(),
                v.name()
            ),
            "  ",
            "  ",
        ));
        let _ = writeln!(
            o,
            "  https://elixir.bootlin.com/linux/{}/source/<file>#L<line>",
            v.name()
        );
    }
    for p in patches {
        o.push_str(&wrap(&format!("[{}] {}", p.label, p.subject), "  ", "    "));
        let _ = writeln!(o, "    <{}>", p.id);
    }
    for id in mails {
        let _ = writeln!(o, "  discussion: <{id}>");
    }
    if o.lines().count() > 1 {
        o.push_str("  Message ids open at https://lore.kernel.org/r/<id>\n");
    }
    o
}

/// The whole run as text.
pub fn render(t: &Trace) -> String {
    let mut o = String::new();
    o.push_str(&wrap(&title(t), "", "  "));
    if !t.scenario.description.is_empty() {
        o.push_str(&wrap(&t.scenario.description, "", ""));
    }
    o.push('\n');
    o.push_str(&state_block(t, &t.initial, "Initial state"));
    o.push_str(&wrap(TERMS, "  ", "  "));
    o.push('\n');
    let names = |id: u8| t.task_name(id).to_string();
    let mut heading = String::new();
    let digits = t.len().max(1).to_string().len();
    t.for_each_step(|i, ev, w| {
        let h = format!("{} {}", ev.phase.name(), ev.task);
        if h != heading {
            o.push_str(&rule(&phase_heading(t, ev, w.now_ms)));
            heading = h;
        }
        let num = format!("{:>digits$} ", i + 1);
        let pad = " ".repeat(num.len());
        let mut line = narrate(ev, w, t.rules(), &names);
        if let Some(code) = source_of_run(ev, t.rules()).code {
            // A what-if's step may link another version's line: it says which.
            let other = match code {
                CodeLink::Kernel(k) if k.version != own_kernel(t) => {
                    format!("{}\u{e000}", k.version.name())
                }
                _ => String::new(),
            };
            // A placeholder keeps `[RFC 2/4]` on one line; it prints as a space.
            line.push_str(&format!(
                " [{other}{}]",
                code.label().replace(' ', "\u{e000}")
            ));
        }
        o.push_str(&wrap(&line, &num, &pad).replace('\u{e000}', " "));
    });
    o.push('\n');
    o.push_str(&wrap(
        &format!(
            "End after {}. {}",
            count(t.len() as u64, "step"),
            crate::explain::outcome::outcome(t)
        ),
        "",
        "",
    ));
    o.push_str(&state_block(t, t.final_world(), "Final state"));
    o.push('\n');
    o.push_str(&sources(t));
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_never_exceeds_the_width_and_loses_nothing() {
        let long = "word ".repeat(50)
            + &"x".repeat(100)
            + " GFP_NOIO|NORETRY|NOMEMALLOC|NOWARN|HIGHMEM|KSWAPD_RECLAIM|DIRECT_RECLAIM end";
        let wrapped = wrap(&long, "  12 ", "     ");
        for line in wrapped.lines() {
            assert!(line.chars().count() <= WIDTH, "{line}");
        }
        let squashed: String = wrapped.split_whitespace().collect();
        let original: String = format!("12 {long}").split_whitespace().collect();
        assert_eq!(squashed, original);
    }
}
