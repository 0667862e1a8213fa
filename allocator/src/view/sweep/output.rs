//! A sweep as text: csv, and the chart of at most 72 columns for a plain-text reply.

use super::{By, Sweep};
use crate::explain::outcome::Class;
use crate::explain::text::wrap;
use crate::model::types::{Mode, Semantics};
use std::fmt::Write as _;

/// The most rows the plot has; a flat or nearly flat series gets fewer.
const HEIGHT: u64 = 16;

/// A point's glyph in the chart when its run did not complete.
pub fn glyph(class: Option<Class>) -> char {
    match class {
        Some(Class::Deadlock) => '#',
        Some(Class::Livelock) => '~',
        Some(Class::Cut) => '>',
        Some(Class::Completed) => '.',
        None => '?',
    }
}

/// A line's mark in the text chart: a letter, never a digit.
fn mark(by: By, mode: Mode, sem: Option<Semantics>) -> char {
    match (by, mode, sem) {
        (By::Mode, Mode::List, _) => 'L',
        (By::Mode, Mode::Array, _) => 'A',
        (By::Mode, Mode::Callback, _) => 'C',
        (_, _, Some(Semantics::Rfc2022)) => 'R',
        (_, _, Some(Semantics::V2_2023)) => 'V',
        (_, _, Some(Semantics::Mainline6_19)) => 'M',
        (_, _, Some(Semantics::K6_0)) => 'K',
        _ => '*',
    }
}

/// A policy line's mark: the first letter of its value not taken by an earlier line.
fn policy_mark(label: &str, taken: &[char]) -> char {
    label
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_uppercase())
        .find(|c| !taken.contains(c))
        .unwrap_or('*')
}

/// A csv cell: quoted when it holds a comma or a quote.
fn csv_cell(s: &str) -> String {
    if s.contains(',') || s.contains('"') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Sweep {
    /// `param,line1,line2,...` then one row per value: the metric where the run completed,
    /// else how it ended ("deadlock", "cut at 17 s"), with any caller bug; an empty cell where
    /// no run could be made. Lines the semantics does not offer follow as `# ...` comments.
    pub fn csv(&self) -> String {
        let mut out = csv_cell(&self.param.path);
        for l in &self.lines {
            let _ = write!(out, ",{}", csv_cell(&l.label));
        }
        out.push('\n');
        for (i, x) in self.param.values.iter().enumerate() {
            let _ = write!(out, "{x}");
            for l in &self.lines {
                let p = &l.points[i];
                let cell = if p.error.is_some() {
                    String::new()
                } else {
                    p.cell()
                };
                let _ = write!(out, ",{}", csv_cell(&cell));
            }
            out.push('\n');
        }
        for s in &self.skipped {
            let _ = writeln!(out, "# {}", s.reason);
        }
        out
    }

    /// An ASCII chart of at most 72 columns, one mark per line, the runs that did not complete
    /// in a row of their own under the axis, and a legend.
    pub fn text(&self) -> String {
        let mut marks: Vec<char> = Vec::new();
        for l in &self.lines {
            let m = match self.by {
                By::Policy(_) => policy_mark(&l.label, &marks),
                by => mark(by, l.mode, l.semantics),
            };
            marks.push(m);
        }
        let ys = || {
            self.lines
                .iter()
                .flat_map(|l| l.points.iter().filter_map(|p| p.y))
        };
        let (lo, hi) = (ys().min().unwrap_or(0), ys().max().unwrap_or(0));
        let height = (hi - lo + 1).min(HEIGHT) as usize;
        let (x0, x1) = (
            *self.param.values.first().unwrap_or(&0),
            *self.param.values.last().unwrap_or(&0),
        );
        let label_w = hi.to_string().len().max(lo.to_string().len()).max(1);
        // Every line fits 72 columns: the value labels, " |", then the plot.
        let width = 72 - label_w - 2;
        let col = |x: u64| {
            if x1 == x0 {
                0
            } else {
                ((x - x0) as u128 * (width - 1) as u128 / (x1 - x0) as u128) as usize
            }
        };
        let row = |y: u64| {
            if hi == lo {
                0
            } else {
                ((y - lo) as u128 * (height - 1) as u128 / (hi - lo) as u128) as usize
            }
        };
        let mut grid = vec![vec![' '; width]; height];
        for (l, mark) in self.lines.iter().zip(&marks) {
            for p in &l.points {
                if let Some(y) = p.y {
                    let cell = &mut grid[height - 1 - row(y)][col(p.x)];
                    // Lines that meet share the cell: `+`.
                    *cell = if *cell == ' ' || *cell == *mark {
                        *mark
                    } else {
                        '+'
                    };
                }
            }
        }
        let mut out = wrap(
            &format!("{} against {}", self.metric.title(), self.param.path),
            "",
            "",
        );
        let any_value = ys().next().is_some();
        for (r, cells) in grid.iter().enumerate().filter(|_| any_value) {
            let label = match r {
                0 => hi.to_string(),
                r if r == height - 1 => lo.to_string(),
                _ => String::new(),
            };
            let line: String = cells.iter().collect();
            let _ = writeln!(out, "{label:>label_w$} |{}", line.trim_end());
        }
        let _ = writeln!(out, "{:>label_w$} +{}", "", "-".repeat(width));
        let right = x1.to_string();
        let _ = writeln!(
            out,
            "{:>label_w$}  {x0}{}{right}",
            "",
            " ".repeat(width.saturating_sub(x0.to_string().len() + right.len()))
        );
        // The runs with no value, per line, at their x.
        let mut stuck_classes: Vec<Option<Class>> = Vec::new();
        for (l, mark) in self.lines.iter().zip(&marks) {
            if l.points.iter().all(|p| p.y.is_some()) {
                continue;
            }
            let mut cells = vec![' '; width];
            for p in l.points.iter().filter(|p| p.y.is_none()) {
                cells[col(p.x)] = glyph(p.outcome);
                if !stuck_classes.contains(&p.outcome) {
                    stuck_classes.push(p.outcome);
                }
            }
            let line: String = cells.iter().collect();
            let _ = writeln!(out, "{:>label_w$} |{}", mark, line.trim_end());
        }
        for (l, mark) in self.lines.iter().zip(&marks) {
            let mut entry = format!("{mark} {}", l.title);
            let bugs: Vec<&str> = l
                .points
                .iter()
                .filter_map(|p| p.caller_bug.as_deref())
                .collect();
            if let Some(bug) = bugs.first() {
                let _ = write!(entry, "; caller bug at {} points: {bug}", bugs.len());
            }
            let refused = l.points.iter().filter(|p| p.error.is_some()).count();
            if refused > 0 {
                let why = l
                    .points
                    .iter()
                    .find_map(|p| p.error.as_deref())
                    .unwrap_or("");
                let _ = write!(entry, "; {refused} runs refused ({why})");
            }
            out.push_str(&wrap(&entry, "", "    "));
        }
        for s in &self.skipped {
            out.push_str(&wrap(&format!("  no line: {}", s.reason), "", "    "));
        }
        if marks.len() > 1 && grid.iter().flatten().any(|&c| c == '+') {
            out.push_str("+ two or more lines meet\n");
        }
        for class in stuck_classes {
            let meaning = match class {
                Some(c) => format!("{}: {}", c.name(), c.meaning()),
                None => "no run: the variant is refused".to_string(),
            };
            out.push_str(&wrap(
                &format!("{} {meaning} (no value is drawn)", glyph(class)),
                "",
                "    ",
            ));
        }
        out
    }
}
