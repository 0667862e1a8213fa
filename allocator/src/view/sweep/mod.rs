//! Sweeps: one parameter of a scenario over a range, one metric of each run, one line per
//! delivery mode or per semantics. Shared by `bulkpool sweep` and the web app, so that both
//! draw the same numbers. A point is the scenario with one preset override (`view::link`'s
//! `path:value` spelling), validated like a link, so that every point can be opened as a link.

use crate::explain::outcome::{classify, Class};
use crate::model::policy::{Axis, PolicySpec};
use crate::model::types::{Mode, Semantics};
use crate::scenario::{Op, Scenario};
use crate::sim::simulate;
use crate::trace::Trace;
use crate::view::link::apply_overrides;
use crate::view::versions::{mode_under, per_page, semantics_for, title, VERSIONS};
use serde::Serialize;

mod output;
/// At most this many values of the parameter: a sweep is at most this many runs per line.
pub const MAX_POINTS: usize = 256;

/// What each run of a sweep is measured by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    /// Delivery work: list inserts and removes, array zeroing, reads and stores, callbacks
    /// and bvec writes, summed (`Work::delivery_total`).
    Delivery,
    /// Calls into the mempool and the page allocator (`Work::calls`): what a per-page caller
    /// pays per page and a bulk caller per call.
    Calls,
    /// Holds of the pool, zone and pcp locks (`Work::lock_holds`).
    LockHolds,
    /// Zone watermark checks.
    WatermarkChecks,
    /// Pages the tasks got from bulk calls to the page allocator.
    BulkPages,
    /// Pages the tasks got from the mempool's reserve.
    PoolPages,
    /// Calls to the bulk allocator.
    BulkCalls,
    /// Sleeps on the pool.
    Sleeps,
    /// Simulated time at the end of the run, in milliseconds.
    TimeMs,
    /// Pages the zone handed out (PGALLOC).
    Pgalloc,
}

impl Metric {
    pub const ALL: [Metric; 10] = [
        Metric::Delivery,
        Metric::Calls,
        Metric::LockHolds,
        Metric::WatermarkChecks,
        Metric::BulkPages,
        Metric::PoolPages,
        Metric::BulkCalls,
        Metric::Sleeps,
        Metric::TimeMs,
        Metric::Pgalloc,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Metric::Delivery => "delivery",
            Metric::Calls => "calls",
            Metric::LockHolds => "lock-holds",
            Metric::WatermarkChecks => "watermark-checks",
            Metric::BulkPages => "bulk-pages",
            Metric::PoolPages => "pool-pages",
            Metric::BulkCalls => "bulk-calls",
            Metric::Sleeps => "sleeps",
            Metric::TimeMs => "time-ms",
            Metric::Pgalloc => "pgalloc",
        }
    }
    /// A value with its unit, as a readout says it: "5000 ms", "2 sleeps", "24 (delivery)".
    pub fn value(self, v: u64) -> String {
        match self {
            Metric::TimeMs => format!("{v} ms"),
            Metric::Delivery => format!("{v} (delivery work)"),
            Metric::Pgalloc => format!("PGALLOC {v}"),
            m => format!("{v} {}", m.name().replace('-', " ")),
        }
    }
    /// What the axis says.
    pub fn title(self) -> &'static str {
        match self {
            Metric::Delivery => "delivery work (list inserts and removes, array zeroing, reads and stores, callbacks, bvec writes)",
            Metric::Calls => "calls into the mempool and the page allocator",
            Metric::LockHolds => "pool-, zone- and pcp-lock holds",
            Metric::WatermarkChecks => "watermark checks",
            Metric::BulkPages => "pages from bulk calls",
            Metric::PoolPages => "pages from the reserve",
            Metric::BulkCalls => "bulk calls",
            Metric::Sleeps => "sleeps on the pool",
            Metric::TimeMs => "simulated time to the end (ms)",
            Metric::Pgalloc => "PGALLOC",
        }
    }
    pub fn parse(s: &str) -> Result<Metric, String> {
        Metric::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
                format!("unknown metric `{s}`; one of {}", names.join(", "))
            })
    }
    /// This metric of a finished run.
    pub fn of(self, t: &Trace) -> u64 {
        let w = t.final_world();
        let tasks = w.tasks.iter().map(|task| &task.stats);
        match self {
            Metric::Delivery => w.work.delivery_total(),
            Metric::Calls => w.work.calls(),
            Metric::LockHolds => w.work.lock_holds(),
            Metric::WatermarkChecks => w.work.watermark_checks,
            Metric::BulkPages => tasks.map(|s| s.from_bulk as u64).sum(),
            Metric::PoolPages => tasks.map(|s| s.from_pool as u64).sum(),
            Metric::BulkCalls => tasks.map(|s| s.bulk_calls as u64).sum(),
            Metric::Sleeps => w.work.sleeps,
            Metric::TimeMs => w.now_ms,
            Metric::Pgalloc => w.zone.stats.pgalloc,
        }
    }
}

/// One line per delivery mode (under the scenario's semantics), per semantics, or per value of
/// a design choice (`model::policy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum By {
    Mode,
    Semantics,
    Policy(Axis),
}

impl By {
    pub fn parse(s: &str) -> Result<By, String> {
        match s {
            "mode" => Ok(By::Mode),
            "semantics" => Ok(By::Semantics),
            _ => match s.strip_prefix("policy:").map(Axis::parse) {
                Some(Ok(axis)) => Ok(By::Policy(axis)),
                Some(Err(e)) => Err(e),
                None => Err(format!(
                    "unknown `--by {s}`; one of mode, semantics, policy:<axis>"
                )),
            },
        }
    }
}

/// The swept parameter: a field path of the scenario format and its values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Param {
    pub path: String,
    pub values: Vec<u64>,
}

impl Param {
    /// How many values `from..=to` has in steps of `step` (`from` ≤ `to`, `step` ≥ 1),
    /// saturating: 0 to u64::MAX by 1 is one value more than a u64 holds.
    pub fn count(from: u64, to: u64, step: u64) -> u64 {
        ((to - from) / step).saturating_add(1)
    }

    /// `path=from..to` (both ends included), every `step`-th value; at most `MAX_POINTS`.
    pub fn parse(spec: &str, step: u64) -> Result<Param, String> {
        let (path, range) = spec
            .split_once('=')
            .ok_or_else(|| format!("`{spec}`: write the parameter as path=from..to"))?;
        let (from, to) = range
            .split_once("..")
            .ok_or_else(|| format!("`{range}`: write the range as from..to"))?;
        let num = |s: &str| {
            s.trim()
                .parse::<u64>()
                .map_err(|_| format!("`{s}` is not a whole number"))
        };
        let (from, to) = (num(from)?, num(to)?);
        if path.is_empty() || from > to || step == 0 {
            return Err(format!(
                "`{spec}` with step {step}: the path must be set, from ≤ to, and the step ≥ 1"
            ));
        }
        let count = Param::count(from, to, step);
        if count > MAX_POINTS as u64 {
            return Err(format!(
                "{count} values; a sweep has at most {MAX_POINTS} (use a larger --step)"
            ));
        }
        Ok(Param {
            path: path.to_string(),
            values: (0..count).map(|i| from + i * step).collect(),
        })
    }
}

/// One point: the parameter's value, how its run ended, and the metric where the run
/// completed. A run that did not complete has no value (`y` is null): a deadlocked, livelocked
/// or cut run never reached the number its counters show at the end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Point {
    pub x: u64,
    pub y: Option<u64>,
    /// How the run ended (`explain::outcome`); null where there is no run (`error`).
    pub outcome: Option<Class>,
    /// "deadlock", "cut at 17 s": the outcome's label where the run did not complete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended: Option<String>,
    /// A caller bug the kernel warns about ("count > min_nr").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caller_bug: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Point {
    /// The point as a table cell: the value, or how its run ended, and any caller bug.
    pub fn cell(&self) -> String {
        let main = match (&self.y, &self.ended, &self.error) {
            (Some(y), _, _) => y.to_string(),
            (None, Some(ended), _) => ended.clone(),
            (None, None, Some(_)) => "cannot run".into(),
            (None, None, None) => String::new(),
        };
        match &self.caller_bug {
            Some(bug) => format!("{main} (caller bug: {bug})"),
            None => main,
        }
    }
}

/// One line of the chart: a mode or a semantics, and its points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    /// The line's name in csv headers and links: a mode or a semantics.
    pub label: String,
    /// What it runs, for legends: "list · RFC 2022", "v6.0 · per-page mempool_alloc".
    pub title: String,
    pub mode: Mode,
    pub semantics: Option<Semantics>,
    /// The line's design choices, where the lines differ in one (`By::Policy`).
    #[serde(skip_serializing_if = "PolicySpec::is_empty")]
    pub policy: PolicySpec,
    pub points: Vec<Point>,
}

/// A line the sweep leaves out, and why ("list: not offered by v6.19 (…)").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub label: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sweep {
    pub param: Param,
    pub metric: Metric,
    pub by: By,
    pub lines: Vec<Line>,
    /// Lines the scenario's semantics does not offer: never substituted.
    pub skipped: Vec<Skipped>,
}

/// The lines of a sweep of `base` by `by`, with no points yet (which mode and semantics each
/// runs, and its label), and the lines left out with why. `point_of` fills them, one value at
/// a time, so that a viewer can compute a sweep in slices.
pub fn lines(base: &Scenario, by: By) -> (Vec<Line>, Vec<Skipped>) {
    let (mut out, mut skipped) = (Vec::new(), Vec::new());
    match by {
        By::Mode => {
            for &mode in &Mode::ALL {
                match semantics_for(base, mode) {
                    Ok(semantics) => out.push(Line {
                        label: mode.name().to_string(),
                        title: format!(
                            "{mode} · {}",
                            semantics.unwrap_or(base.semantics_for(mode)).short()
                        ),
                        mode,
                        semantics,
                        policy: PolicySpec::default(),
                        points: Vec::new(),
                    }),
                    Err(reason) => skipped.push(Skipped {
                        label: mode.name().to_string(),
                        reason,
                    }),
                }
            }
        }
        By::Semantics => {
            for &sem in &VERSIONS {
                let mode = mode_under(sem, base.mode);
                let runs = if sem == Semantics::K6_0 {
                    per_page(base).unwrap_or_else(|_| base.clone())
                } else {
                    base.clone()
                };
                out.push(Line {
                    label: sem.name().to_string(),
                    title: title(&runs, sem, mode),
                    mode,
                    semantics: Some(sem),
                    policy: PolicySpec::default(),
                    points: Vec::new(),
                });
            }
        }
        By::Policy(axis) => {
            let rules = base.rules_for(base.mode);
            for c in axis.choices() {
                let spec = rules
                    .policies
                    .with(axis, c.name)
                    .map(|t| PolicySpec::between(rules.named, t));
                let mut sc = base.clone();
                let valid = spec.map(|spec| {
                    sc.policy = spec;
                    (sc.validate(base.mode), spec)
                });
                match valid {
                    Ok((Ok(_), spec)) => out.push(Line {
                        label: c.name.to_string(),
                        title: format!(
                            "{}: {}{}",
                            axis.name(),
                            c.name,
                            if spec.is_empty() {
                                " (its own)"
                            } else {
                                " (what-if)"
                            }
                        ),
                        mode: base.mode,
                        semantics: base.semantics,
                        policy: spec,
                        points: Vec::new(),
                    }),
                    Ok((Err(e), _)) => skipped.push(Skipped {
                        label: c.name.to_string(),
                        reason: format!("{}: {}", c.name, e.message),
                    }),
                    Err(e) => skipped.push(Skipped {
                        label: c.name.to_string(),
                        reason: e,
                    }),
                }
            }
        }
    }
    (out, skipped)
}

/// The point of `line` at the parameter's value `x`.
pub fn point_of(base: &Scenario, path: &str, metric: Metric, line: &Line, x: u64) -> Point {
    let mut base = base.clone();
    if !line.policy.is_empty() {
        base.policy = line.policy;
    }
    match point(&base, path, x, line.mode, line.semantics) {
        Ok(t) => {
            let o = classify(&t);
            let completed = o.class == Class::Completed;
            Point {
                x,
                y: completed.then(|| metric.of(&t)),
                outcome: Some(o.class),
                ended: (!completed).then(|| o.label()),
                caller_bug: o.caller_bug,
                error: None,
            }
        }
        Err(e) => Point {
            x,
            y: None,
            outcome: None,
            ended: None,
            caller_bug: None,
            error: Some(e),
        },
    }
}

/// The same field in the per-page scenario: a bulk call's `nr` is the `count` of its
/// `mempool_alloc` calls.
fn per_page_path(sc: &Scenario, path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    if let ["tasks", t, "ops", o, "nr"] = parts[..] {
        let op = t.parse::<usize>().ok().and_then(|t| {
            let o = o.parse::<usize>().ok()?;
            sc.tasks.get(t)?.ops.get(o)
        });
        if matches!(op, Some(Op::MempoolBulk { .. })) {
            return format!("tasks.{t}.ops.{o}.count");
        }
    }
    path.to_string()
}

/// The scenario of one point: `base` in the line's mode and semantics with the parameter set
/// to `x` (for v6.0, the per-page equivalent), validated. The web opens a clicked point with it.
pub fn scenario_at(
    base: &Scenario,
    path: &str,
    x: u64,
    mode: Mode,
    sem: Option<Semantics>,
) -> Result<Scenario, String> {
    let mut sc = base.clone();
    sc.mode = mode;
    let (sc, path) = if sem == Some(Semantics::K6_0) {
        let converted = per_page(&sc)?;
        let path = per_page_path(&sc, path);
        (converted, path)
    } else {
        sc.semantics = sem;
        (sc, path.to_string())
    };
    apply_overrides(&sc, &format!("{path}:{x}"), Some(mode))
}

fn point(
    base: &Scenario,
    path: &str,
    x: u64,
    mode: Mode,
    sem: Option<Semantics>,
) -> Result<Trace, String> {
    let sc = scenario_at(base, path, x, mode, sem)?;
    simulate(&sc, mode).map_err(|e| e.to_string())
}

/// Runs the sweep: `param`'s values applied to `base`, one line per `by`.
pub fn sweep(base: &Scenario, param: &Param, metric: Metric, by: By) -> Sweep {
    let (lines, skipped) = lines(base, by);
    let lines = lines
        .into_iter()
        .map(|mut line| {
            line.points = param
                .values
                .iter()
                .map(|&x| point_of(base, &param.path, metric, &line, x))
                .collect();
            line
        })
        .collect();
    Sweep {
        param: param.clone(),
        metric,
        by,
        lines,
        skipped,
    }
}
