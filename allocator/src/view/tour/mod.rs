//! The guided tour: a dozen stops that tell the story in order, each a live state of the player
//! (a preset in a mode and semantics, a view and a step) with a short text and one thing to try.
//! The web app shows a stop over the live player; `bulkpool tour` prints them all.
//!
//! A stop's text quotes numbers of its run. So that the text cannot drift from the model, every
//! number it quotes is a [`Quote`]: what to read in which run at which step, and the value the
//! text says. `tests/tour.rs` computes each quote from the runs and finds every number of the
//! text among them (a number that is a fact of the kernel, not of the run, such as "5 s", is
//! listed in the stop's `constants`).

mod stops;

use crate::explain::outcome::classify;
use crate::model::types::{Mode, Semantics, TaskId};
use crate::scenario::presets;
use crate::scenario::Scenario;
use crate::trace::ending::Class;
use crate::trace::event::EventKind;
use crate::trace::Trace;
use crate::view::link::{Link, Source, View};
use crate::view::versions;
pub use stops::{AT, STOPS};

/// Where a stop opens: a preset, in a mode and semantics (`None`: the preset's own), a view and
/// a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    pub preset: &'static str,
    pub mode: Option<Mode>,
    pub semantics: Option<Semantics>,
    pub view: View,
    pub step: usize,
}

/// A stop of the tour.
#[derive(Clone, Copy, Debug)]
pub struct Stop {
    pub title: &'static str,
    pub at: At,
    /// At most ~90 words: what the stop shows and why it matters.
    pub text: &'static str,
    /// One thing to do with the live player at this stop.
    pub try_this: &'static str,
    /// The numbers of the run the text quotes.
    pub quotes: &'static [Quote],
    /// Phrases of the text with numbers that are not the run's (kernel constants, dates), so
    /// that a test can tell them apart.
    pub constants: &'static [&'static str],
}

/// Which run a quote reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run {
    /// The stop's own run.
    Own,
    /// The stop's preset in another delivery mode (a compare lane by mode).
    Mode(Mode),
    /// The stop's preset under a version, as the compare view's lane by version runs it.
    Version(Semantics),
    /// The stop's preset under another semantics, in the stop's mode.
    Semantics(Semantics),
    /// Another preset, in its own mode and semantics.
    Preset(&'static str),
}

/// The last step of a run, for a quote read at the end.
pub const END: usize = usize::MAX;

/// What a quote reads in a run. Steps are player steps (the world after that many events);
/// `END` is the last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// F: the zone's buddy pages (nr_free_pages).
    Free(usize),
    /// C: pages on the per-CPU list.
    Pcp(usize),
    /// The mempool reserve's curr_nr.
    Reserve(usize),
    MinNr,
    WmarkMin,
    WmarkLow,
    WmarkHigh,
    /// The mark a watermark check compared with (low + nr for the bulk check): the check is
    /// the event of this step.
    Mark(usize),
    /// The pages asked of the bulk allocator by the n-th bulk call (from 0).
    BulkNr(usize),
    /// What the n-th bulk call returned.
    BulkReturn(usize),
    /// PGALLOC.
    PgAlloc(usize),
    /// Pages a task holds.
    Holds(TaskId, usize),
    /// A task's bvecs in its bio, and the order of its largest one.
    Bvecs(TaskId, usize),
    BvecOrder(TaskId, usize),
    /// Times a task slept, by the end.
    Sleeps(TaskId),
    /// Pages a task took from the reserve, by the end.
    FromPool(TaskId),
    /// Pages direct reclaim freed, by the end.
    Reclaimed,
    /// Simulated time at the end, in whole seconds.
    EndSeconds,
    /// A work counter at the end, by its name in `Work::named` (`list_inserts`, …).
    Work(&'static str),
    /// How the run ended.
    Ended,
}

/// A value a quote reads: a number, or how a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    N(u64),
    Ended(Class),
}

/// One number (or outcome) a stop's text says, and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote {
    pub run: Run,
    pub what: What,
    pub is: Value,
}

impl At {
    /// The link of the stop's state (without the tour).
    pub fn link(&self) -> Link {
        Link {
            source: Source::Preset(self.preset),
            mode: self.mode,
            semantics: self.semantics,
            step: self.step,
            view: self.view,
            embed: false,
        }
    }

    /// The scenario the stop runs, with its semantics.
    pub fn scenario(&self) -> Result<Scenario, String> {
        let p = presets::find(self.preset).ok_or_else(|| format!("no preset `{}`", self.preset))?;
        let mut sc = p.scenario();
        if self.semantics.is_some() {
            sc.semantics = self.semantics;
        }
        Ok(sc)
    }

    /// The delivery mode the stop runs.
    pub fn mode(&self) -> Result<Mode, String> {
        Ok(self.mode.unwrap_or(self.scenario()?.mode))
    }
}

/// The run a quote reads.
pub fn run(at: &At, which: Run) -> Result<Trace, String> {
    let sc = at.scenario()?;
    let mode = at.mode()?;
    let (sc, mode) = match which {
        Run::Own => (sc, mode),
        Run::Mode(m) => {
            let mut sc = sc;
            if let Ok(sem) = versions::semantics_for(&sc, m) {
                sc.semantics = sem;
            }
            (sc, m)
        }
        Run::Version(sem) => {
            let (m, sc) = versions::under(&sc, mode, sem)?;
            (sc, m)
        }
        Run::Semantics(sem) => (
            Scenario {
                semantics: Some(sem),
                ..sc
            },
            mode,
        ),
        Run::Preset(id) => {
            let sc = presets::find(id)
                .ok_or_else(|| format!("no preset `{id}`"))?
                .scenario();
            let m = sc.mode;
            (sc, m)
        }
    };
    crate::simulate(&sc, mode).map_err(|e| e.to_string())
}

/// What `what` reads in run `t`.
pub fn read(t: &Trace, what: What) -> Result<Value, String> {
    let at = |step: usize| t.state_at(step.min(t.len()));
    let fin = t.final_world();
    let task = |id: TaskId| {
        fin.tasks
            .get(id as usize)
            .ok_or_else(|| format!("no task {id}"))
    };
    let nth = |n: usize, f: &dyn Fn(&EventKind) -> Option<u64>| {
        t.events
            .iter()
            .filter_map(|e| f(&e.kind))
            .nth(n)
            .ok_or_else(|| format!("no bulk call {n}"))
    };
    let n = match what {
        What::Free(s) => at(s).zone.buddy.nr_free_pages(),
        What::Pcp(s) => at(s).zone.pcp.count() as u64,
        What::Reserve(s) => at(s).pool.as_ref().map_or(0, |p| p.curr_nr() as u64),
        What::MinNr => fin.pool.as_ref().map_or(0, |p| p.min_nr as u64),
        What::WmarkMin => fin.zone.wmark.min,
        What::WmarkLow => fin.zone.wmark.low,
        What::WmarkHigh => fin.zone.wmark.high,
        What::Mark(s) => match s
            .checked_sub(1)
            .and_then(|i| t.events.get(i))
            .map(|e| e.kind)
        {
            Some(EventKind::WatermarkCheck { check, .. }) => check.mark,
            other => return Err(format!("step {s} is not a watermark check: {other:?}")),
        },
        What::BulkNr(i) => nth(i, &|k| match k {
            EventKind::BulkEnter { nr, .. } => Some(*nr as u64),
            _ => None,
        })?,
        What::BulkReturn(i) => nth(i, &|k| match k {
            EventKind::BulkReturn { ret, .. } => Some(*ret as u64),
            _ => None,
        })?,
        What::PgAlloc(s) => at(s).zone.stats.pgalloc,
        What::Holds(id, s) => at(s)
            .tasks
            .get(id as usize)
            .map(|k| k.page_count() as u64)
            .ok_or_else(|| format!("no task {id}"))?,
        What::Bvecs(id, s) => at(s)
            .tasks
            .get(id as usize)
            .and_then(|k| k.bio.as_ref())
            .map_or(0, |b| b.live().len() as u64),
        What::BvecOrder(id, s) => at(s)
            .tasks
            .get(id as usize)
            .and_then(|k| k.bio.as_ref())
            .and_then(|b| b.live().iter().map(|v| v.order as u64).max())
            .unwrap_or(0),
        What::Sleeps(id) => task(id)?.stats.sleeps as u64,
        What::FromPool(id) => task(id)?.stats.from_pool as u64,
        What::Reclaimed => fin.zone.stats.direct_reclaimed,
        What::EndSeconds => fin.now_ms / 1000,
        What::Work(name) => fin
            .work
            .named()
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .ok_or_else(|| format!("no work counter `{name}`"))?,
        What::Ended => return Ok(Value::Ended(classify(t).class)),
    };
    Ok(Value::N(n))
}

/// The numbers a text quotes: every run of digits that stands alone (not part of a name such
/// as `s8c`, `v6.19` or `order-0`'s neighbours `6.19`), once each phrase of `constants` is
/// taken out.
pub fn numbers_in(text: &str, constants: &[&str]) -> Vec<u64> {
    let mut text = text.to_string();
    for c in constants {
        text = text.replace(c, " ");
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let before = start.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i).copied();
        let after2 = chars.get(i + 1).copied();
        let glued_before = before.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '_');
        let glued_after = after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            || (after == Some('.') && after2.is_some_and(|c| c.is_ascii_digit()));
        if !glued_before && !glued_after {
            let digits: String = chars[start..i].iter().collect();
            if let Ok(n) = digits.parse() {
                out.push(n);
            }
        }
    }
    out
}

/// The tour as text, for `bulkpool tour`: each stop with its number, title, where it opens (and
/// its link on `base`, if given), its text wrapped to 72 columns and what to try.
pub fn text(base: Option<&str>) -> String {
    use crate::explain::text::wrap;
    let mut out = String::new();
    let n = STOPS.len();
    for (i, s) in STOPS.iter().enumerate() {
        let head = format!("{} / {n}  {}", i + 1, s.title);
        out.push_str(&head);
        out.push('\n');
        out.push_str(&"=".repeat(head.chars().count().min(72)));
        out.push('\n');
        out.push_str(&wrap(&opens(&s.at), "Opens: ", "  "));
        if let Some(base) = base {
            out.push_str(&format!("Link: {base}?tour={}\n", i + 1));
        }
        out.push('\n');
        out.push_str(&wrap(s.text, "", ""));
        out.push('\n');
        out.push_str(&wrap(s.try_this, "Try this: ", "  "));
        out.push('\n');
    }
    out
}

/// "s3 in list delivery, the step view at step 6."
pub fn opens(at: &At) -> String {
    let mode = match at.mode {
        Some(m) => format!(" in {m} delivery"),
        None => String::new(),
    };
    let sem = match at.semantics {
        Some(s) => format!(" under {}", s.short()),
        None => String::new(),
    };
    let view = match at.view {
        View::Step => "the step view".to_string(),
        View::Compare => "the compare view by delivery mode".to_string(),
        View::Versions => "the compare view by version".to_string(),
        View::Policy(axis) => format!("the compare view by {}", axis.name()),
    };
    let step = if at.step == END {
        "at its end".to_string()
    } else {
        format!("at step {}", at.step)
    };
    format!("{}{mode}{sem}, {view} {step}.", at.preset)
}
