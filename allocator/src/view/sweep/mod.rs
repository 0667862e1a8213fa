//! Sweeps: one parameter of a scenario over a range, one metric of each run, one line per
//! delivery mode or per semantics. Shared by `bulkpool sweep` and the web app, so that both
//! draw the same numbers. A point is the scenario with one preset override (`view::link`'s
//! `path:value` spelling), validated like a link, so that every point can be opened as a link.

use crate::model::types::{Mode, Semantics};
use crate::scenario::{Op, Scenario};
use crate::sim::simulate;
use crate::trace::Trace;
use crate::view::link::apply_overrides;
use crate::view::versions::{mode_under, per_page, semantics_for, VERSIONS};
use serde::Serialize;

mod output;
/// At most this many values of the parameter: a sweep is at most this many runs per line.
pub const MAX_POINTS: usize = 256;

/// What each run of a sweep is measured by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    /// The delivery-work counters of domain.md §9, summed (`Work::delivery_total`).
    Delivery,
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
    pub const ALL: [Metric; 7] = [
        Metric::Delivery,
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
            Metric::BulkPages => "bulk-pages",
            Metric::PoolPages => "pool-pages",
            Metric::BulkCalls => "bulk-calls",
            Metric::Sleeps => "sleeps",
            Metric::TimeMs => "time-ms",
            Metric::Pgalloc => "pgalloc",
        }
    }
    /// What the axis says.
    pub fn title(self) -> &'static str {
        match self {
            Metric::Delivery => "delivery work (the §9 counters summed)",
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
            Metric::BulkPages => tasks.map(|s| s.from_bulk as u64).sum(),
            Metric::PoolPages => tasks.map(|s| s.from_pool as u64).sum(),
            Metric::BulkCalls => tasks.map(|s| s.bulk_calls as u64).sum(),
            Metric::Sleeps => w.work.sleeps,
            Metric::TimeMs => w.now_ms,
            Metric::Pgalloc => w.zone.stats.pgalloc,
        }
    }
}

/// One line per delivery mode (under the scenario's semantics) or per semantics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum By {
    Mode,
    Semantics,
}

impl By {
    pub fn parse(s: &str) -> Result<By, String> {
        match s {
            "mode" => Ok(By::Mode),
            "semantics" => Ok(By::Semantics),
            _ => Err(format!("unknown `--by {s}`; one of mode, semantics")),
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
        let count = (to - from) / step + 1;
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

/// One point: the parameter's value and the metric, or why that run has none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Point {
    pub x: u64,
    pub y: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One line of the chart: a mode or a semantics, and its points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    pub label: String,
    pub mode: Mode,
    pub semantics: Option<Semantics>,
    pub points: Vec<Point>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sweep {
    pub param: Param,
    pub metric: Metric,
    pub by: By,
    pub lines: Vec<Line>,
}

/// The lines of a sweep of `base` by `by`, with no points yet: which mode and semantics each
/// runs, and its label. `point_of` fills them, one value at a time, so that a viewer can
/// compute a sweep in slices.
pub fn lines(base: &Scenario, by: By) -> Vec<Line> {
    lines_of(base, by)
        .into_iter()
        .map(|(label, mode, semantics)| Line {
            label,
            mode,
            semantics,
            points: Vec::new(),
        })
        .collect()
}

/// The point of `line` at the parameter's value `x`.
pub fn point_of(base: &Scenario, path: &str, metric: Metric, line: &Line, x: u64) -> Point {
    match point(base, path, x, line.mode, line.semantics) {
        Ok(t) => Point {
            x,
            y: Some(metric.of(&t)),
            error: None,
        },
        Err(e) => Point {
            x,
            y: None,
            error: Some(e),
        },
    }
}

/// The runs of one line: which mode and semantics, and its label.
fn lines_of(base: &Scenario, by: By) -> Vec<(String, Mode, Option<Semantics>)> {
    match by {
        By::Mode => Mode::ALL
            .iter()
            .map(|&m| (m.name().to_string(), m, semantics_for(base, m)))
            .collect(),
        By::Semantics => VERSIONS
            .iter()
            .map(|&s| (s.name().to_string(), mode_under(s, base.mode), Some(s)))
            .collect(),
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
    let lines = lines(base, by)
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
    }
}
