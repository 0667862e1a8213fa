//! A sweep chart's words and numbers: the axis's ticks and title, each point described, and
//! where one line hides under another.

use bulkpool_allocator::view::sweep::{Point, Sweep};

/// Round tick values for `0..=hi`: about five, at 1, 2 or 5 × 10^k apart.
pub(super) fn ticks(hi: u64) -> Vec<u64> {
    if hi == 0 {
        return vec![0];
    }
    let raw = hi.div_ceil(5).max(1);
    let mut step = 1u64;
    while step.saturating_mul(10) <= raw {
        step *= 10;
    }
    let step = [1, 2, 5, 10]
        .iter()
        .map(|m| step.saturating_mul(*m))
        .find(|s| *s >= raw)
        .unwrap_or(raw);
    (0..=hi / step).map(|i| i * step).collect()
}

/// "list at zone.free = 45: 123 sleeps", "list at pool.curr_nr = 3: deadlock (no value)".
pub(super) fn describe(sweep: &Sweep, line: usize, i: usize) -> String {
    let l = &sweep.lines[line];
    let p = &l.points[i];
    let value = match (p.y, &p.ended, &p.error) {
        (Some(y), _, _) => sweep.metric.value(y),
        (None, Some(ended), _) => format!("{ended} (the run did not complete: no value)"),
        (None, None, Some(e)) => format!("no run ({e})"),
        (None, None, None) => "no run".into(),
    };
    let bug = p
        .caller_bug
        .as_ref()
        .map(|b| format!("; caller bug: {b}"))
        .unwrap_or_default();
    format!(
        "{} at {} = {}: {value}{bug}",
        l.title, sweep.param.path, p.x
    )
}

/// The y axis's title: the metric, in a few words.
pub(super) fn y_title(sweep: &Sweep) -> &'static str {
    match sweep.metric {
        bulkpool_allocator::view::sweep::Metric::Delivery => "delivery work",
        m => m.title(),
    }
}

/// Where line `li` is drawn over by a later line (later lines are drawn on top): the first
/// later line with the same value at some of the points `li` plots, how many, and of how many.
pub(super) fn overlap(sweep: &Sweep, li: usize) -> Option<(usize, usize, usize)> {
    // Runs that did not complete have a row of their own in the band: only values overlap.
    let same = |a: &Point, b: &Point| a.y.is_some() && a.y == b.y;
    let mine = &sweep.lines[li].points;
    let drawn = mine.iter().filter(|p| p.y.is_some()).count();
    (li + 1..sweep.lines.len())
        .map(|j| {
            let n = mine
                .iter()
                .zip(&sweep.lines[j].points)
                .filter(|(a, b)| same(a, b))
                .count();
            (j, n, drawn)
        })
        .find(|(_, n, _)| *n > 0)
}
