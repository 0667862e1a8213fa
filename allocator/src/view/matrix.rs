//! The design matrix: a scenario under one version with every meaningful combination of two or
//! three chosen axes (policies, or the delivery mode), one row each, with how the run ended and
//! what it cost. Combinations that mean nothing are listed with the reason; a row that runs
//! exactly as a named version's run says which. Shared by `bulkpool matrix` and the web.

use crate::explain::outcome::{classify, Class};
use crate::explain::text::wrap;
use crate::model::policy::{Axis, PolicySpec};
use crate::model::types::{Mode, Semantics};
use crate::scenario::{Op, Scenario};
use crate::sim::simulate;
use crate::trace::Trace;
use serde::Serialize;
use std::fmt::Write as _;

/// At most this many axes: a matrix stays a table a reviewer can read.
pub const MAX_AXES: usize = 3;

/// A column of the matrix: a policy axis, or the delivery mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Column {
    Policy(Axis),
    Delivery,
}

impl Column {
    pub fn name(self) -> &'static str {
        match self {
            Column::Policy(a) => a.name(),
            Column::Delivery => "delivery",
        }
    }

    pub fn parse(s: &str) -> Result<Column, String> {
        match s.trim() {
            "delivery" | "mode" => Ok(Column::Delivery),
            a => Axis::parse(a)
                .map(Column::Policy)
                .map_err(|e| format!("{e}, or delivery")),
        }
    }

    fn values(self) -> Vec<&'static str> {
        match self {
            Column::Policy(a) => a.choices().iter().map(|c| c.name).collect(),
            Column::Delivery => Mode::ALL.iter().map(|m| m.name()).collect(),
        }
    }
}

/// One combination: its values, and its run's outcome and costs, or why it means nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    /// One value per column, in the columns' order.
    pub values: Vec<&'static str>,
    /// The `p=` form of the row's departures from the version's own bundle.
    pub policy: String,
    pub mode: Mode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Class>,
    /// "completed", "deadlock", "cut at 17 s".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caller_bug: Option<String>,
    pub sleeps: u64,
    /// Simulated time at the end; for a run that did not complete, where it stopped.
    pub time_ms: u64,
    /// Calls into the mempool and the page allocator.
    pub calls: u64,
    pub lock_holds: u64,
    /// The named version whose run this one is, event for event, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_as: Option<Semantics>,
    /// Why the combination means nothing (then no run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Matrix {
    pub scenario: String,
    pub semantics: Semantics,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Whether any task of the scenario frees pages (a pool no task frees to only empties).
    pub frees: bool,
}

/// The matrix of `base` under `sem` over `columns` (at most `MAX_AXES`, no repeats).
pub fn matrix(base: &Scenario, sem: Semantics, columns: &[Column]) -> Result<Matrix, String> {
    if columns.is_empty() || columns.len() > MAX_AXES {
        return Err(format!("name 1 to {MAX_AXES} axes"));
    }
    for (i, c) in columns.iter().enumerate() {
        if columns[..i].contains(c) {
            return Err(format!("{} is named twice", c.name()));
        }
    }
    let mut base = base.clone();
    base.semantics = Some(sem);
    let named = base.named_policies(sem);
    let mut rows = Vec::new();
    let mut named_runs: Vec<(Semantics, Mode, Trace)> = Vec::new();
    let mut combo = vec![0usize; columns.len()];
    loop {
        let values: Vec<&'static str> = columns
            .iter()
            .zip(&combo)
            .map(|(c, &i)| c.values()[i])
            .collect();
        rows.push(row(&base, named, columns, values, &mut named_runs));
        // The next combination, the last column fastest.
        let mut k = columns.len();
        loop {
            if k == 0 {
                let frees =
                    base.tasks.iter().flat_map(|t| &t.ops).any(|op| {
                        matches!(op, Op::Free { .. } | Op::FreeAll | Op::FreePages { .. })
                    });
                return Ok(Matrix {
                    scenario: base.name.clone(),
                    semantics: sem,
                    columns: columns.to_vec(),
                    rows,
                    frees,
                });
            }
            k -= 1;
            combo[k] += 1;
            if combo[k] < columns[k].values().len() {
                break;
            }
            combo[k] = 0;
        }
    }
}

fn row(
    base: &Scenario,
    named: crate::model::policy::Policies,
    columns: &[Column],
    values: Vec<&'static str>,
    named_runs: &mut Vec<(Semantics, Mode, Trace)>,
) -> Row {
    let mut sc = base.clone();
    let mut target = sc.policy.over(named);
    let mut mode = sc.mode;
    let mut refused = None;
    for (c, v) in columns.iter().zip(&values) {
        match c {
            Column::Delivery => mode = Mode::parse(v).unwrap_or(mode),
            Column::Policy(a) => match target.with(*a, v) {
                Ok(t) => target = t,
                Err(e) => refused = Some(e),
            },
        }
    }
    sc.policy = PolicySpec::between(named, target);
    sc.mode = mode;
    let policy = sc.policy.to_list(named);
    let empty = Row {
        values,
        policy,
        mode,
        outcome: None,
        ended: None,
        caller_bug: None,
        sleeps: 0,
        time_ms: 0,
        calls: 0,
        lock_holds: 0,
        same_as: None,
        refused: None,
    };
    if let Some(e) = refused {
        return Row {
            refused: Some(e),
            ..empty
        };
    }
    let t = match simulate(&sc, mode) {
        Ok(t) => t,
        Err(e) => {
            return Row {
                refused: Some(format!("{}: {}", e.field, e.message)),
                ..empty
            }
        }
    };
    let o = classify(&t);
    let w = t.final_world();
    Row {
        outcome: Some(o.class),
        ended: Some(o.label()),
        caller_bug: o.caller_bug.clone(),
        sleeps: w.work.sleeps,
        time_ms: w.now_ms,
        calls: w.work.calls(),
        lock_holds: w.work.lock_holds(),
        same_as: same_as(base, mode, &t, named_runs),
        ..empty
    }
}

/// The named version whose own run of the scenario in `mode` has exactly these events.
fn same_as(
    base: &Scenario,
    mode: Mode,
    t: &Trace,
    named_runs: &mut Vec<(Semantics, Mode, Trace)>,
) -> Option<Semantics> {
    for sem in Semantics::ALL {
        if !named_runs.iter().any(|(s, m, _)| *s == sem && *m == mode) {
            let mut sc = base.clone();
            sc.semantics = Some(sem);
            sc.policy = PolicySpec::default();
            sc.mode = mode;
            if let Ok(run) = simulate(&sc, mode) {
                named_runs.push((sem, mode, run));
            } else {
                continue;
            }
        }
        let run = named_runs
            .iter()
            .find(|(s, m, _)| *s == sem && *m == mode)
            .map(|(_, _, r)| r);
        if run.is_some_and(|r| r.events == t.events) {
            return Some(sem);
        }
    }
    None
}

impl Matrix {
    /// A table of at most 72 columns: one row per combination, refused ones listed after.
    pub fn text(&self) -> String {
        let mut out = wrap(
            &format!(
                "Design matrix of {} under {}: every combination of {}",
                self.scenario,
                self.semantics.short(),
                self.columns
                    .iter()
                    .map(|c| c.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "",
            "",
        );
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                self.rows
                    .iter()
                    .map(|r| r.values[i].len())
                    .chain([c.name().len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut head = String::new();
        for (c, w) in self.columns.iter().zip(&widths) {
            let _ = write!(head, "{:<w$} ", c.name());
        }
        let _ = writeln!(
            out,
            "{head}{:<11} {:>6} {:>5}",
            "outcome", "sleeps", "calls"
        );
        let mut notes: Vec<String> = Vec::new();
        for r in self.rows.iter().filter(|r| r.refused.is_none()) {
            let mut line = String::new();
            for (v, w) in r.values.iter().zip(&widths) {
                let _ = write!(line, "{v:<w$} ");
            }
            let ended = r.ended.as_deref().unwrap_or("");
            let mut mark = String::new();
            if let Some(s) = r.same_as {
                mark = format!(" = {}", s.short());
            }
            if r.caller_bug.is_some() {
                mark.push_str(" !");
            }
            let _ = writeln!(
                out,
                "{}",
                format!("{line}{ended:<11} {:>6} {:>5}{mark}", r.sleeps, r.calls).trim_end()
            );
        }
        if self.rows.iter().any(|r| r.same_as.is_some()) {
            notes.push(
                "= a version: the row runs exactly as that version's own run, event for event."
                    .into(),
            );
        }
        if !self.frees
            && self
                .rows
                .iter()
                .any(|r| r.outcome.is_some_and(|c| c != Class::Completed))
        {
            notes.push("No task of this scenario ever frees to the pool: once the reserve is gone, a task that still needs pages waits forever, whatever the draining.".into());
        }
        if self.rows.iter().any(|r| r.caller_bug.is_some()) {
            notes.push("!: a caller bug the kernel warns about.".into());
        }
        for r in self.rows.iter().filter(|r| r.refused.is_some()) {
            notes.push(format!(
                "not meaningful: {}: {}",
                r.values.join(", "),
                r.refused.as_deref().unwrap_or("")
            ));
        }
        for n in notes {
            out.push_str(&wrap(&n, "", "  "));
        }
        out
    }

    /// `axis,...,mode,outcome,sleeps,time_ms,calls,lock_holds,same_as,caller_bug,refused`.
    pub fn csv(&self) -> String {
        let mut out = self
            .columns
            .iter()
            .map(|c| c.name())
            .collect::<Vec<_>>()
            .join(",");
        out.push_str(",outcome,sleeps,time_ms,calls,lock_holds,same_as,caller_bug,refused\n");
        for r in &self.rows {
            let cell = |s: &str| {
                if s.contains(',') || s.contains('"') {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s.to_string()
                }
            };
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{}",
                r.values.join(","),
                cell(r.ended.as_deref().unwrap_or("")),
                r.sleeps,
                r.time_ms,
                r.calls,
                r.lock_holds,
                r.same_as.map_or("", |s| s.name()),
                cell(r.caller_bug.as_deref().unwrap_or("")),
                cell(r.refused.as_deref().unwrap_or(""))
            );
        }
        out
    }
}
