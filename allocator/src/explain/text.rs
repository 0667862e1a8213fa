//! The plain-text account of a run (`bulkpool run`), to paste into a mailing-list reply: at
//! most 72 columns of ASCII (wrap.rs), phases as headings, one numbered line per step, the
//! outcome, the final state in /proc/buddyinfo and /proc/zoneinfo vocabulary, and the sources.
//!
//! [`Detail`] says how much: by default the steps that repeat earlier ones are folded
//! (fold.rs), `Full` gives every step, `Steps` a range with the state before it, and `Summary`
//! the header, the outcome, the counters and the sources.

use crate::explain::fold::{self, Piece, Snapshot};
use crate::explain::kernel::Kver;
use crate::explain::narrate::count;
use crate::explain::source::{lore_r, source_of_run, CodeLink, Patch};
use crate::explain::state_text::{state_block, terms, Counters};
use crate::explain::wrap::url_line;
use crate::model::types::SYSTEM;
use crate::model::version::MODEL;
use crate::trace::Trace;
use std::fmt::Write;

pub use crate::explain::wrap::{wrap, WIDTH};

/// How much of a run a text gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Detail {
    /// Every step, except that steps repeating earlier ones fold into a line.
    #[default]
    Folded,
    /// Every step.
    Full,
    /// Steps `from..=to` (1-based), with the state before the first.
    Steps(usize, usize),
    /// The header, the outcome, the counters and the sources.
    Summary,
}

impl Detail {
    /// `A..B` (or `A..=B`, or `A`) as the CLI and the web take it, checked against a run of
    /// `len` steps.
    pub fn steps(spec: &str, len: usize) -> Result<Detail, String> {
        let spec = spec.trim();
        let (a, b) = match spec.split_once("..") {
            Some((a, b)) => (a, b.trim_start_matches('=')),
            None => (spec, spec),
        };
        let num = |s: &str, default: usize| -> Result<usize, String> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(default);
            }
            s.parse::<usize>()
                .map_err(|_| format!("steps {spec}: not a range of steps such as 60..75"))
        };
        let (a, b) = (num(a, 1)?, num(b, len)?);
        if a == 0 || a > b || b > len {
            return Err(format!(
                "steps {spec}: the run has steps 1 to {len}; give FROM..TO with FROM <= TO"
            ));
        }
        Ok(Detail::Steps(a, b))
    }
}

fn rule(title: &str) -> String {
    let head = format!("== {title} ");
    let pad = WIDTH.saturating_sub(head.chars().count());
    format!("{head}{}\n", "=".repeat(pad))
}

/// The run's title: the model, the scenario, the delivery (when it applies) and semantics.
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
        "bulkpool m={MODEL}: {} ({delivery}; {}{what_if})",
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

/// The kernel version whose lines a run's steps link unmarked.
pub(crate) fn own_kernel(t: &Trace) -> Kver {
    if t.semantics == crate::model::types::Semantics::Mainline6_19 {
        Kver::V6_19
    } else {
        Kver::V6_0
    }
}

/// The sources steps `a..b` (0-based) link to, at the end of the account. A what-if may link
/// another version's lines, marked with that version in its steps.
fn sources(t: &Trace, a: usize, b: usize) -> String {
    let mut kernels: Vec<Kver> = Vec::new();
    let mut patches: Vec<Patch> = Vec::new();
    let mut mails: Vec<&str> = Vec::new();
    for ev in &t.events[a.min(t.len())..b.min(t.len())] {
        let src = source_of_run(ev, t.rules());
        match src.code {
            Some(CodeLink::Kernel(k)) if !kernels.contains(&k.version) => kernels.push(k.version),
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
    // The run's own kernel first, unmarked; a version a what-if borrows after it.
    kernels.sort_by_key(|&v| v != own_kernel(t));
    for v in kernels {
        let what = if v == own_kernel(t) {
            format!("[file:line] is a line of Linux {}:", v.name())
        } else {
            let n = v.name();
            format!("[{n} file:line] is a line of Linux {n} (a what-if borrows it):")
        };
        o.push_str(&wrap(&what, "  ", "  "));
        let _ = writeln!(
            o,
            "  https://elixir.bootlin.com/linux/{}/source/<file>#L<line>",
            v.name()
        );
    }
    for p in patches {
        o.push_str(&wrap(&format!("[{}] {}", p.label, p.subject), "  ", "    "));
        o.push_str(&url_line("  ", &lore_r(p.id)));
    }
    for id in mails {
        o.push_str("  discussion:\n");
        o.push_str(&url_line("  ", &lore_r(id)));
    }
    if o.lines().count() == 1 {
        o.push_str("  no step links to code (every step is a simplification).\n");
    }
    o
}

/// The title and description.
fn header(t: &Trace) -> String {
    let mut o = wrap(&title(t), "", "  ");
    if !t.scenario.description.is_empty() {
        o.push_str(&wrap(&t.scenario.description, "", ""));
    }
    o
}

/// "End after N steps. <the outcome>"
fn ending(t: &Trace) -> String {
    wrap(
        &format!(
            "End after {}. {}",
            count(t.len() as u64, "step"),
            crate::explain::outcome::outcome(t)
        ),
        "",
        "",
    )
}

/// The whole run as text, every step: `account(t, Detail::Full)`.
pub fn render(t: &Trace) -> String {
    account(t, Detail::Full)
}

/// The run as text, as much as `detail` asks for.
pub fn account(t: &Trace, detail: Detail) -> String {
    let how = match detail {
        Detail::Full => Counters::All,
        _ => Counters::NonZero,
    };
    let mut o = header(t);
    if detail == Detail::Summary {
        o.push('\n');
        o.push_str(&ending(t));
        let start = Some(&t.initial);
        o.push_str(&state_block(t, t.final_world(), "Final state", how, start));
        o.push('\n');
        o.push_str(&sources(t, 0, t.len()));
        return o;
    }
    let steps = fold::steps(t, |ev, now| rule(&phase_heading(t, ev, now)));
    let (a, b, before) = match detail {
        Detail::Steps(a, b) => {
            let (a, b) = (a.clamp(1, t.len().max(1)) - 1, b.min(t.len()));
            let w = t.state_at(a);
            let head = format!(
                "Steps {}-{b} of {}; the state before step {}",
                a + 1,
                t.len(),
                a + 1
            );
            (a, b.max(a), state_block(t, &w, &head, how, None))
        }
        _ => (
            0,
            t.len(),
            state_block(t, &t.initial, "Initial state", how, None),
        ),
    };
    let pieces = match detail {
        Detail::Folded => fold::plan(t, &steps, &Snapshot::of(&t.initial)),
        _ => vec![Piece::Full(a, b)],
    };
    let mut body = String::new();
    let mut folded = 0;
    for piece in &pieces {
        match piece {
            Piece::Full(x, y) => {
                for i in *x..*y {
                    if i == *x || steps[i - 1].key != steps[i].key {
                        body.push_str(&steps[i].heading);
                    }
                    body.push_str(&steps[i].body);
                }
            }
            Piece::Fold { a, b, line, except } => {
                folded += b - a - except.len();
                body.push_str(line);
                for &k in except {
                    body.push_str(&steps[k].body);
                }
            }
        }
    }
    o.push('\n');
    o.push_str(&before);
    o.push_str(&terms(&format!("{before}{body}"), how));
    o.push('\n');
    if folded > 0 {
        o.push_str(&wrap(
            &format!(
                "Folded: {folded} of {} repeat earlier ones (every step: --full).",
                count(t.len() as u64, "step"),
            ),
            "",
            "",
        ));
    }
    o.push_str(&body);
    o.push('\n');
    let start = Some(&t.initial);
    if b == t.len() {
        o.push_str(&ending(t));
        // The outcome above it accounts for each task.
        let how = if detail == Detail::Folded {
            Counters::NoTasks
        } else {
            how
        };
        o.push_str(&state_block(t, t.final_world(), "Final state", how, start));
    } else {
        let w = t.state_at(b);
        let head = format!("State after step {b}");
        o.push_str(&state_block(t, &w, &head, how, None));
    }
    o.push('\n');
    o.push_str(&sources(t, a, b));
    o
}
