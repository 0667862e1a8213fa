//! The Explore panel's knobs: the few parameters that matter for a scenario (each task's first
//! request size, F, C, the pool's `curr_nr`/`min_nr`, pcp `batch`/`high`, the first call's
//! gfp), each as a field path of the scenario format (the `o=` override spelling of
//! `view::link`) with its range: the format's bounds (`knobs`), narrowed to what validates
//! with the other knobs as they are (`knobs_in`); and a default sweep range.

use crate::model::gfp::Gfp;
use crate::scenario::{limits, Op, Scenario};
use crate::view::overrides::apply_overrides;
use crate::Mode;

/// What a knob holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A whole number in `min..=max` (the format's bounds for this scenario).
    Number { min: u64, max: u64 },
    /// A gfp mask, chosen among the composites (`Gfp::COMPOSITES`).
    Gfp { choices: Vec<&'static str> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Knob {
    /// The field path, as in a link's overrides: `zone.free`, `tasks.0.ops.0.nr`.
    pub path: String,
    /// A short name: `N (A)`, `F`, `C`, `curr_nr`.
    pub label: String,
    /// What it is, in a few words.
    pub help: String,
    /// The value in the scenario, as an override writes it.
    pub value: String,
    pub kind: Kind,
}

impl Knob {
    fn number(path: &str, label: &str, help: &str, value: u64, min: u64, max: u64) -> Knob {
        Knob {
            path: path.into(),
            label: label.into(),
            help: help.into(),
            value: value.to_string(),
            kind: Kind::Number { min, max },
        }
    }

    /// The value as a number, for a numeric knob.
    pub fn number_value(&self) -> Option<u64> {
        self.value.parse().ok()
    }
}

/// The request-size field of a call, and its size: `nr`, `count` or `pages`.
fn size_of(op: &Op) -> Option<(&'static str, u32)> {
    match op {
        Op::MempoolBulk { nr, .. } | Op::Bulk { nr, .. } => Some(("nr", *nr)),
        Op::MempoolAlloc { count, .. } => Some(("count", *count)),
        Op::DmCrypt { pages, .. } => Some(("pages", *pages)),
        _ => None,
    }
}

fn gfp_of(op: &Op) -> Option<Gfp> {
    match op {
        Op::MempoolBulk { gfp, .. } | Op::Bulk { gfp, .. } | Op::MempoolAlloc { gfp, .. } => {
            Some(*gfp)
        }
        _ => None,
    }
}

/// The knobs of `sc`, in the panel's order.
pub fn knobs(sc: &Scenario) -> Vec<Knob> {
    let mut out = Vec::new();
    let pages = sc.zone.pages as u64;
    let mut gfp_knob = None;
    for (t, task) in sc.tasks.iter().enumerate() {
        let first = task
            .ops
            .iter()
            .enumerate()
            .find_map(|(o, op)| size_of(op).map(|s| (o, op, s)));
        let Some((o, op, (field, size))) = first else {
            continue;
        };
        out.push(Knob::number(
            &format!("tasks.{t}.ops.{o}.{field}"),
            &format!("N ({})", task.name),
            &format!("pages {}'s first call asks for", task.name),
            size as u64,
            1,
            limits::MAX_REQUEST as u64,
        ));
        if gfp_knob.is_none() {
            gfp_knob = gfp_of(op).map(|g| {
                let mut choices: Vec<&'static str> =
                    Gfp::COMPOSITES.iter().map(|(_, n)| *n).collect();
                let value = g.to_string();
                if let Some((_, n)) = Gfp::COMPOSITES.iter().find(|(c, _)| *c == g) {
                    choices.retain(|c| c != n);
                    choices.insert(0, n);
                }
                Knob {
                    path: format!("tasks.{t}.ops.{o}.gfp"),
                    label: format!("gfp ({})", task.name),
                    help: format!("the gfp mask of {}'s first call", task.name),
                    value,
                    kind: Kind::Gfp { choices },
                }
            });
        }
    }
    if let Some(free) = sc.zone.free {
        out.push(Knob::number(
            "zone.free",
            "F",
            "free pages in the buddy lists",
            free,
            0,
            pages,
        ));
    }
    out.push(Knob::number(
        "pcp.count",
        "C",
        "pages on the per-CPU list",
        sc.pcp.count as u64,
        0,
        pages,
    ));
    if let Some(p) = &sc.pool {
        out.push(Knob::number(
            "pool.curr_nr",
            "curr_nr",
            "elements in the mempool's reserve",
            p.curr_nr.unwrap_or(p.min_nr) as u64,
            0,
            p.min_nr as u64,
        ));
        out.push(Knob::number(
            "pool.min_nr",
            "min_nr",
            "the reserve's size",
            p.min_nr as u64,
            0,
            limits::MAX_REQUEST as u64,
        ));
    }
    out.push(Knob::number(
        "pcp.batch",
        "batch",
        "pages a pcp refill or drain moves",
        sc.pcp.batch as u64,
        1,
        limits::MAX_BATCH as u64,
    ));
    out.push(Knob::number(
        "pcp.high",
        "high",
        "pcp count above which a free drains a batch",
        sc.pcp.high as u64,
        sc.pcp.batch as u64,
        limits::MAX_PCP_HIGH as u64,
    ));
    out.extend(gfp_knob);
    out
}

/// `knobs_in` narrows the ranges of a scenario only if its ops times its number knobs are at
/// most this: each knob costs about 36 validations, each in proportion to the ops. `big`
/// (48 ops, 10 number knobs: 480) takes 9–14 ms natively, about twice that in the browser.
pub const MAX_NARROWING_COST: usize = 512;

/// Whether `knobs_in` narrows the ranges of `sc` in `mode`: it runs as it is, and its ops times
/// its number knobs are at most `MAX_NARROWING_COST`. Otherwise its knobs keep the format's
/// bounds, and the panel says so.
pub fn narrows(sc: &Scenario, mode: Mode) -> bool {
    let ops: usize = sc.tasks.iter().map(|t| t.ops.len()).sum();
    let numbers = knobs(sc)
        .iter()
        .filter(|k| matches!(k.kind, Kind::Number { .. }))
        .count();
    ops.saturating_mul(numbers) <= MAX_NARROWING_COST && sc.validate(mode).is_ok()
}

/// Bisection between a value that runs (`ok`) and one that does not (`bad`), on either side of
/// it: the value nearest `bad` that runs, every check being a threshold in the one value.
fn last_that_runs(mut ok: u64, mut bad: u64, runs: impl Fn(u64) -> bool) -> u64 {
    while ok.abs_diff(bad) > 1 {
        let mid = ok.min(bad) + ok.abs_diff(bad) / 2;
        if runs(mid) {
            ok = mid
        } else {
            bad = mid
        }
    }
    ok
}

/// The knobs of `sc` with each number's range narrowed to the values that run in `mode`, the
/// other knobs as they are: a value the scenario's validation refuses (a request over the event
/// bound, a pcp count the zone cannot hold) is outside it. Validation only, nothing is
/// simulated. Each end is found by bisection from the knob's value, which finds it exactly
/// because every check of the format is a threshold in one value (`tests/explore.rs` checks
/// both ends and values between for every preset's knobs). A scenario that costs more than
/// `MAX_NARROWING_COST`, or does not run in `mode` as it is, keeps the format's bounds.
pub fn knobs_in(sc: &Scenario, mode: Mode) -> Vec<Knob> {
    let mut all = knobs(sc);
    if !narrows(sc, mode) {
        return all;
    }
    for k in &mut all {
        let (Kind::Number { min, max }, Some(v)) = (&k.kind, k.number_value()) else {
            continue;
        };
        if v < *min || v > *max {
            continue;
        }
        let runs = |x: u64| apply_overrides(sc, &format!("{}:{x}", k.path), Some(mode)).is_ok();
        // The largest value that runs: `v` does, `max` may not.
        let hi = if runs(*max) {
            *max
        } else {
            last_that_runs(v, *max, runs)
        };
        // The smallest value that runs.
        let lo = if runs(*min) {
            *min
        } else {
            last_that_runs(v, *min, runs)
        };
        k.kind = Kind::Number { min: lo, max: hi };
    }
    all
}

/// A sweep range that shows something for `knob` in `sc`: N = 1…256, F = min…high + N,
/// `curr_nr` = 0…`min_nr`, and around the value for the others. Within the knob's bounds;
/// `None` for a knob that is not a number.
pub fn default_range(sc: &Scenario, knob: &Knob) -> Option<(u64, u64)> {
    let Kind::Number { min, max } = knob.kind else {
        return None;
    };
    let v = knob.number_value()?;
    let n = knobs(sc)
        .iter()
        .find(|k| k.label.starts_with("N ("))
        .and_then(Knob::number_value)
        .unwrap_or(0);
    let (lo, hi) = match knob.path.as_str() {
        p if p.starts_with("tasks.") => (1, 256),
        "zone.free" => (sc.zone.min, sc.zone.high + n),
        "pool.curr_nr" => (0, max),
        _ => (v / 2, v.saturating_mul(2).max(v + 8)),
    };
    let (lo, hi) = (lo.clamp(min, max), hi.clamp(min, max));
    Some((lo, hi.max(lo)))
}
