//! One step as text, to paste into a mail (the web's "Copy as text: this step"): what happened
//! and the code it models, then the state every panel shows, at most 72 columns a line. The
//! whole run is `text::render`; both end with the permalink when one is given (`with_link`).

use crate::explain::code::call_path;
use crate::explain::narrate::narrate;
use crate::explain::source::source_of_run;
use crate::explain::state_text::{state_block, Counters};
use crate::explain::text::{title, wrap, WIDTH};
use crate::explain::wrap::url_line;
use crate::model::task::{Slot, Task, TaskState};
use crate::model::world::World;
use crate::trace::Trace;
use std::fmt::Write;

/// At most this many pages of a list, an array or the pcp are written out.
const SHOWN: usize = 16;

fn pages(items: impl Iterator<Item = String>, total: usize) -> String {
    let mut v: Vec<String> = items.take(SHOWN).collect();
    if total > SHOWN {
        v.push(format!("... {} more", total - SHOWN));
    }
    v.join(" ")
}

/// What a task holds, the way the delivery panel draws it.
fn holdings(name: &str, task: &Task) -> Vec<String> {
    let mut out = Vec::new();
    if !task.list.is_empty() {
        let list = pages(task.list.iter().map(|p| p.to_string()), task.list.len());
        out.push(format!("{name}'s list, head first: {list}"));
    }
    if !task.array.is_empty() {
        let slots = task.array.iter().enumerate().map(|(i, s)| match s {
            Slot::Empty => format!("[{i}] NULL"),
            Slot::Page(p) => format!("[{i}] {p}"),
            Slot::Stale(v) => format!("[{i}] stale {v:#x}"),
        });
        out.push(format!(
            "{name}'s array: {}",
            pages(slots, task.array.len())
        ));
    }
    if !task.held.is_empty() {
        let held = pages(task.held.iter().map(|p| p.to_string()), task.held.len());
        out.push(format!("{name} holds: {held}"));
    }
    if let Some(bio) = &task.bio {
        let bvecs = bio.bvecs.iter().map(|b| match b.order {
            0 => b.page.to_string(),
            o => format!("{}x{}", b.page, 1u32 << o),
        });
        let mut line = format!(
            "{name}'s bio: {} of {} bvecs",
            bio.bvecs.len(),
            bio.capacity
        );
        if !bio.bvecs.is_empty() {
            let _ = write!(line, ": {}", pages(bvecs, bio.bvecs.len()));
        }
        out.push(line);
    }
    out
}

/// The step's source: its tag and function, then the kernel line's or the patch mail's
/// address, each whole on a line of its own.
fn source_lines(ev: &crate::Event, rules: crate::model::policy::Rules) -> String {
    use crate::explain::source::{lore_r, CodeLink};
    let src = source_of_run(ev, rules);
    let mut o = wrap(&format!("Source: {}, {}", src.tag, src.what), "", "  ");
    match src.code {
        Some(CodeLink::Kernel(k)) => {
            let _ = writeln!(o, "  {k} in Linux {}", k.version.name());
            o.push_str(&url_line("  ", &k.url()));
        }
        Some(CodeLink::Patch(p)) => {
            o.push_str(&wrap(&format!("{}: {}", p.label, p.subject), "  ", "    "));
            o.push_str(&url_line("  ", &lore_r(p.id)));
        }
        None => {}
    }
    if let Some(id) = src.lore {
        o.push_str("  discussion:\n");
        o.push_str(&url_line("  ", &lore_r(id)));
    }
    o
}

fn task_line(t: &Trace, w: &World, i: usize, task: &Task) -> String {
    let name = t.task_name(i as u8);
    let state = match task.state {
        TaskState::Runnable => "runnable".to_string(),
        TaskState::SleepingOnPool { deadline_ms, .. } => format!(
            "asleep on the pool, {} s left",
            crate::explain::units::tenths_of_seconds(deadline_ms.saturating_sub(w.now_ms))
        ),
        TaskState::Io { until_ms } => format!("waiting for I/O until {until_ms} ms"),
        TaskState::BlockedOnMutex => "blocked on bio_alloc_lock".into(),
        TaskState::RetryingAlloc { .. } => "looping in the page allocator".into(),
        TaskState::Done => "done".into(),
    };
    let lock = if task.holds_mutex {
        ", holds bio_alloc_lock"
    } else {
        ""
    };
    format!("{name}: {state}{lock}")
}

/// Step `step` (1-based; 0 is the initial state) of a run, as text.
pub fn step_text(t: &Trace, step: usize) -> String {
    let step = step.min(t.len());
    let w = t.state_at(step);
    let names = |id: u8| t.task_name(id).to_string();
    let mut o = String::new();
    o.push_str(&wrap(&title(t), "", "  "));
    let Some(ev) = step.checked_sub(1).and_then(|i| t.events.get(i)) else {
        o.push_str(&wrap(
            &format!("Step 0 of {}: the initial state.", t.len()),
            "",
            "",
        ));
        o.push_str(&state_block(t, &w, "State", Counters::All, None));
        return o;
    };
    let mut head = format!(
        "Step {step} of {}, t = {} ms, {} ({})",
        t.len(),
        w.now_ms,
        ev.phase.name(),
        t.task_name(ev.task)
    );
    if let Some(c) = w.tasks.get(ev.task as usize).and_then(|task| task.call) {
        if c.open && c.round > 0 {
            let _ = write!(head, ", round {}, gfp_temp {}", c.round, c.gfp_temp);
        }
    }
    o.push_str(&wrap(&head, "", "  "));
    o.push('\n');
    o.push_str(&wrap(&narrate(ev, &w, t.rules(), &names), "", ""));
    o.push_str(&source_lines(ev, t.rules()));
    let path = call_path(&w, ev);
    let line = ev.line.0.line(ev.line.1).trim();
    o.push_str(&wrap(
        &format!(
            "Code: {} line {}: {line}",
            if path.is_empty() {
                ev.line.0.title().to_string()
            } else {
                path.join(" > ")
            },
            ev.line.1
        ),
        "",
        "  ",
    ));
    o.push('\n');
    o.push_str(&state_block(t, &w, "State", Counters::All, None));
    let pcp = &w.zone.pcp;
    if !pcp.list.is_empty() {
        let list = pages(pcp.list.iter().map(|p| p.to_string()), pcp.list.len());
        o.push_str(&wrap(&format!("pcp, front first: {list}"), "  ", "    "));
    }
    if let Some(pool) = &w.pool {
        if !pool.waiters.is_empty() {
            let q: Vec<&str> = pool.waiters.iter().map(|&id| t.task_name(id)).collect();
            o.push_str(&wrap(
                &format!("pool wait queue: {}", q.join(", ")),
                "  ",
                "    ",
            ));
        }
    }
    for (i, task) in w.tasks.iter().enumerate() {
        o.push_str(&wrap(&task_line(t, &w, i, task), "  ", "    "));
        for h in holdings(t.task_name(i as u8), task) {
            o.push_str(&wrap(&h, "    ", "      "));
        }
    }
    o
}

/// `text` with a line under its title saying which preset it varies and how ("Variant: s5 +
/// zone.free=40, pcp.count=3"), so that a pasted account does not pass for the preset.
pub fn with_variant(text: &str, variant: Option<&str>) -> String {
    let Some(v) = variant else {
        return text.to_string();
    };
    // After the title and its indented continuation lines.
    let lines: Vec<&str> = text.lines().collect();
    let n = 1 + lines
        .iter()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .count();
    let mut o = lines[..n.min(lines.len())].join("\n");
    o.push('\n');
    o.push_str(&wrap(&format!("Variant: {v}"), "", "  "));
    for l in &lines[n.min(lines.len())..] {
        o.push_str(l);
        o.push('\n');
    }
    o
}

/// `text` with the permalink at its end: after `Link: ` when it fits the line, else whole on
/// a line of its own (a mail client would break it anywhere else).
pub fn with_link(text: &str, url: &str) -> String {
    let mut o = text.trim_end().to_string();
    o.push_str("\n\n");
    if url.chars().count() + "Link: ".len() <= WIDTH {
        let _ = writeln!(o, "Link: {url}");
    } else {
        let _ = writeln!(o, "Link:\n{url}");
    }
    o
}
