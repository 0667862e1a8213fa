//! The plain-text account of a run (`bulkpool run --format text`): at most 72 columns, to paste
//! into a mailing-list reply. Phases as headings, one numbered line per step, and a final state
//! block in /proc/buddyinfo and /proc/zoneinfo vocabulary.

use crate::narrate::narrate;
use crate::trace::{End, Trace};
use crate::world::{CallResult, World};
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

fn state_block(t: &Trace, w: &World, heading: &str) -> String {
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
    let _ = writeln!(
        o,
        "  pgalloc {}, kswapd {}, reclaimable {}",
        z.stats.pgalloc,
        if z.kswapd.wakeups > 0 {
            "woken"
        } else {
            "asleep"
        },
        z.reclaim.len()
    );
    if let Some(p) = &w.pool {
        let _ = writeln!(
            o,
            "  mempool curr_nr {} / min_nr {}, {} waiting",
            p.curr_nr(),
            p.min_nr,
            p.waiters.len()
        );
    }
    for (i, task) in w.tasks.iter().enumerate() {
        let st = task.stats;
        let result = match st.result {
            Some(CallResult::Bool(b)) => b.to_string(),
            Some(CallResult::Count(n)) => n.to_string(),
            None => "-".into(),
        };
        let line = format!(
            "{}: result {result}, holds {} pages ({} from bulk, {} from the pool), {} bulk calls, {} sleeps, {} timeouts{}",
            t.task_name(i as u8),
            task.page_count(),
            st.from_bulk,
            st.from_pool,
            st.bulk_calls,
            st.sleeps,
            st.timeouts,
            if st.garbage { ", USED STALE POINTERS" } else { "" },
        );
        o.push_str(&wrap(&line, "  ", "    "));
    }
    let k = &w.work;
    let work = format!(
        "work: {} list inserts, {} list removes, {} zeroing writes, {} array reads, {} array writes, {} callbacks, {} bvec writes; {} zone-lock and {} pcp-lock holds, {} pool takes, {} pool puts, {} wake-ups",
        k.list_inserts, k.list_removes, k.array_zeroing_writes, k.array_reads, k.array_writes, k.callbacks, k.bvec_writes, k.zone_lock, k.pcp_lock, k.pool_takes, k.pool_puts, k.wakeups
    );
    o.push_str(&wrap(&work, "  ", "    "));
    o
}

/// The whole run as text.
pub fn render(t: &Trace) -> String {
    let mut o = String::new();
    let title = format!(
        "bulkpool: {} ({} delivery, {})",
        t.scenario.name, t.mode, t.semantics
    );
    o.push_str(&wrap(&title, "", "  "));
    if !t.scenario.description.is_empty() {
        o.push_str(&wrap(&t.scenario.description, "", ""));
    }
    o.push('\n');
    o.push_str(&state_block(t, &t.initial, "Initial state"));
    o.push('\n');
    let mut w = t.initial.clone();
    let names = |id: u8| t.task_name(id).to_string();
    let mut heading = String::new();
    let digits = t.len().max(1).to_string().len();
    for (i, ev) in t.events.iter().enumerate() {
        let mut e = *ev;
        w.apply(&mut e);
        let now = format!(
            "{} ({}), t = {} ms",
            ev.phase.name(),
            names(ev.task),
            w.now_ms
        );
        let h = format!("{} {}", ev.phase.name(), ev.task);
        if h != heading {
            o.push_str(&rule(&now));
            heading = h;
        }
        let num = format!("{:>digits$} ", i + 1);
        let pad = " ".repeat(num.len());
        o.push_str(&wrap(&narrate(ev, &w, t.semantics, &names), &num, &pad));
    }
    o.push('\n');
    let end = match t.end {
        End::Done => "every task finished".to_string(),
        End::Horizon => format!(
            "stopped at the {} ms horizon with tasks still waiting",
            t.scenario.horizon_ms
        ),
        End::Stalled => "stalled: tasks wait for something that cannot happen".to_string(),
    };
    o.push_str(&wrap(
        &format!("End after {} steps: {end}.", t.len()),
        "",
        "",
    ));
    o.push_str(&state_block(t, t.final_world(), "Final state"));
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
