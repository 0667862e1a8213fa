//! The end of a run in one paragraph: its class (`class.rs`) and why, and for each task what
//! it got, from where, and how long it waited. Shared by the text account and the web app.

mod class;
pub use class::{classify, Class, Outcome};

use crate::explain::narrate::count;
use crate::model::task::TaskState;
use crate::model::world::{CallKind, Warning};
use crate::trace::event::EventKind;
use crate::trace::Trace;

/// Milliseconds as "10 s" or "250 ms".
fn duration(ms: u64) -> String {
    if ms >= 1_000 && ms.is_multiple_of(1_000) {
        format!("{} s", ms / 1_000)
    } else if ms >= 1_000 {
        format!("{} s", crate::explain::units::tenths_of_seconds(ms))
    } else {
        format!("{ms} ms")
    }
}

/// Per task: time asleep on the pool (closed and still open sleeps), and pages given back.
fn waits_and_frees(t: &Trace) -> (Vec<u64>, Vec<u32>) {
    let n = t.initial.tasks.len();
    let (mut asleep, mut since, mut freed) = (vec![0u64; n], vec![None; n], vec![0u32; n]);
    let mut now = 0;
    for ev in &t.events {
        match ev.kind {
            EventKind::Timeout { at_ms, .. }
            | EventKind::IoDone { at_ms }
            | EventKind::KswapdReclaim { at_ms, .. } => now = now.max(at_ms),
            _ => {}
        }
        let i = ev.task as usize;
        match ev.kind {
            EventKind::Sleep { .. } if i < n => since[i] = Some(now),
            EventKind::Resume { .. } if i < n => {
                if let Some(s) = since[i].take() {
                    asleep[i] += now - s;
                }
            }
            EventKind::Free { .. } if i < n => freed[i] += 1,
            EventKind::FreeCompound { order, .. } if i < n => freed[i] += 1 << order,
            _ => {}
        }
    }
    // Tasks still asleep at the end are counted up to the last step, the clock the page shows.
    let end = t.final_world().now_ms.max(now);
    for (i, task) in t.final_world().tasks.iter().enumerate() {
        if let TaskState::SleepingOnPool { since_ms, .. } = task.state {
            asleep[i] += end - since[i].unwrap_or(since_ms);
        }
    }
    (asleep, freed)
}

/// Stand-ins for a sentence's subject and pronoun until the tasks it is about are known.
const SUBJ: &str = "\u{1}";
const PRON: &str = "\u{2}";

/// One paragraph: how the run ended and what each task came away with.
pub fn outcome(t: &Trace) -> String {
    let w = t.final_world();
    let (asleep, freed) = waits_and_frees(t);
    let o = classify(t);
    let mut parts = vec![headline(t, &o)];
    if let Some(bug) = bug_sentence(t) {
        parts.push(bug);
    }
    // Each task's sentence with its subject (SUBJ) and pronoun (PRON) left open, so that tasks
    // that fared alike share one: "A and B each got 4 pages ...; each slept ...".
    let mut sentences: Vec<(String, Vec<&str>)> = Vec::new();
    for (i, task) in w.tasks.iter().enumerate() {
        let name = SUBJ;
        let st = task.stats;
        let got = st.from_bulk + st.from_pool;
        let mut s = String::new();
        if got > 0 {
            let from = match (st.from_bulk, st.from_pool) {
                (_, 0) => "all from the page allocator".to_string(),
                (0, _) => "all from the reserve".to_string(),
                (a, r) => format!("{a} from the page allocator, {r} from the reserve"),
            };
            s.push_str(&format!("{name} got {} ({from})", count(got, "page")));
        } else if freed[i] == 0 {
            s.push_str(&format!("{name} got no page"));
        }
        if freed[i] > 0 {
            if !s.is_empty() {
                s.push_str(" and ");
            } else {
                s.push_str(&format!("{name} "));
            }
            s.push_str(&format!("gave back {}", count(freed[i], "page")));
        }
        if st.sleeps > 0 {
            let open = matches!(task.state, TaskState::SleepingOnPool { .. });
            let ended = st.sleeps - u32::from(open);
            let how = match (ended, st.timeouts) {
                (0, _) => String::new(),
                (e, 0) => format!(
                    "; {} by a wake-up",
                    if e == 1 { "it ended" } else { "each ended" }
                ),
                (e, n) if n == e => format!(
                    "; {} only by the 5 s timeout",
                    if e == 1 { "it ended" } else { "each ended" }
                ),
                (_, n) => format!("; {} by the 5 s timeout", count(n, "ended")),
            };
            s.push_str(&format!(
                "; {PRON} slept {} ({} asleep in all{how}{})",
                match st.sleeps {
                    1 => "once".to_string(),
                    2 => "twice".to_string(),
                    n => format!("{n} times"),
                },
                duration(asleep[i]),
                if open && ended > 0 {
                    "; the last sleep still runs"
                } else {
                    ""
                }
            ));
        }
        let need = task.call.map(|c| c.requested).unwrap_or(0);
        s.push_str(&match task.state {
            TaskState::Done => "; done.".to_string(),
            TaskState::SleepingOnPool { .. } => format!(
                "; {PRON} is still asleep on the pool{}.",
                if task.call.is_some_and(|c| c.kind != CallKind::MempoolAlloc) && need > 0 {
                    format!(", holding {} of the {need} {PRON} needs", task.page_count())
                } else {
                    String::new()
                }
            ),
            TaskState::RetryingAlloc { .. } => {
                format!("; {PRON} is still looping in the page allocator (too small to fail).")
            }
            TaskState::BlockedOnMutex => format!("; {PRON} is still blocked on bio_alloc_lock."),
            TaskState::Io { .. } => format!("; {PRON} is still waiting for its I/O."),
            TaskState::Runnable => format!("; {PRON} had more to do."),
        });
        let who = t.task_name(i as u8);
        match sentences.iter_mut().find(|(text, _)| *text == s) {
            Some((_, names)) => names.push(who),
            None => sentences.push((s, vec![who])),
        }
    }
    for (text, names) in sentences {
        let (subject, pronoun) = match names.as_slice() {
            [one] => (one.to_string(), "it"),
            [init @ .., last] => (format!("{} and {last} each", init.join(", ")), "each"),
            [] => continue,
        };
        parts.push(text.replace(SUBJ, &subject).replace(PRON, pronoun));
    }
    parts.join(" ")
}

/// The paragraph's first sentence: the class, and the rule with its evidence.
fn headline(t: &Trace, o: &Outcome) -> String {
    let w = t.final_world();
    match o.class {
        Class::Completed if w.now_ms == 0 => {
            "Outcome: completed. Every task finished without waiting (no simulated time passed)."
                .to_string()
        }
        Class::Completed => format!(
            "Outcome: completed. Every task finished by t = {} ms.",
            w.now_ms
        ),
        _ => format!(
            "Outcome: {}. The run ends at t = {} ms: {}.",
            o.label(),
            w.now_ms,
            o.rule
        ),
    }
}

/// The caller bugs, each with the kernel warning that fired and its consequence.
fn bug_sentence(t: &Trace) -> Option<String> {
    let mut out = Vec::new();
    for ev in &t.events {
        if let EventKind::KernelWarning { warning } = ev.kind {
            out.push(match warning {
                Warning::CountOverMinNr { count, min_nr } => format!(
                    "Caller bug: {} fired ({} asked for {count} elements from a pool that keeps at most {min_nr}), so the reserve can never meet the call on its own.",
                    warning.check(),
                    t.task_name(ev.task)
                ),
                Warning::ZeroWithMempool => format!(
                    "Caller bug: {} fired ({} passed __GFP_ZERO to mempool_alloc; elements from the reserve are not zeroed).",
                    warning.check(),
                    t.task_name(ev.task)
                ),
            });
        }
    }
    if t.final_world().tasks.iter().any(|task| task.stats.garbage) {
        out.push("Caller bug: stale pointers in the array were taken for pages (the kernel cannot tell).".to_string());
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// What each task is doing at this point of a run, in one line: "A: asleep on the pool,
/// holds 4 pages, 1 sleep · B: running, holds 0 pages".
pub fn status_line(t: &Trace, w: &crate::World) -> String {
    w.tasks
        .iter()
        .enumerate()
        .map(|(i, task)| {
            let state = match task.state {
                TaskState::Runnable => "running",
                TaskState::SleepingOnPool { .. } => "asleep on the pool",
                TaskState::Io { .. } => "waiting for I/O",
                TaskState::BlockedOnMutex => "blocked on bio_alloc_lock",
                TaskState::RetryingAlloc { .. } => "looping in the page allocator",
                TaskState::Done => "done",
            };
            let mut s = format!(
                "{}: {state}, holds {}",
                t.task_name(i as u8),
                count(task.page_count(), "page")
            );
            if task.stats.sleeps > 0 {
                s += &format!(", {}", count(task.stats.sleeps, "sleep"));
            }
            if task.stats.result.is_some() {
                s += &format!(", last call returned {}", task.stats.result_text());
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
