//! A sweep as text: csv, and the chart of at most 72 columns for a plain-text reply.

use super::{By, Sweep};
use crate::explain::text::wrap;
use crate::model::types::Mode;
use std::fmt::Write as _;

impl Sweep {
    /// `param,line1,line2,…` then one row per value; a run with no value is an empty cell.
    pub fn csv(&self) -> String {
        let mut out = self.param.path.clone();
        for l in &self.lines {
            let _ = write!(out, ",{}", l.label);
        }
        out.push('\n');
        for (i, x) in self.param.values.iter().enumerate() {
            let _ = write!(out, "{x}");
            for l in &self.lines {
                match l.points[i].y {
                    Some(y) => {
                        let _ = write!(out, ",{y}");
                    }
                    None => out.push(','),
                }
            }
            out.push('\n');
        }
        out
    }

    /// An ASCII chart of at most 72 columns, one marker per line, with a legend.
    pub fn text(&self) -> String {
        const HEIGHT: usize = 16;
        let marks: Vec<char> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| match (self.by, l.mode) {
                (By::Mode, Mode::List) => 'L',
                (By::Mode, Mode::Array) => 'A',
                (By::Mode, Mode::Callback) => 'C',
                _ => ['R', '2', 'M', '0'].get(i).copied().unwrap_or('*'),
            })
            .collect();
        let ys = || {
            self.lines
                .iter()
                .flat_map(|l| l.points.iter().filter_map(|p| p.y))
        };
        let (lo, hi) = (ys().min().unwrap_or(0), ys().max().unwrap_or(0));
        let (x0, x1) = (
            *self.param.values.first().unwrap_or(&0),
            *self.param.values.last().unwrap_or(&0),
        );
        let label_w = hi.to_string().len().max(lo.to_string().len());
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
                ((y - lo) as u128 * (HEIGHT - 1) as u128 / (hi - lo) as u128) as usize
            }
        };
        let mut grid = vec![vec![' '; width]; HEIGHT];
        for (l, mark) in self.lines.iter().zip(&marks) {
            for p in &l.points {
                if let Some(y) = p.y {
                    let cell = &mut grid[HEIGHT - 1 - row(y)][col(p.x)];
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
        for (r, cells) in grid.iter().enumerate() {
            let label = match r {
                0 => hi.to_string(),
                r if r == HEIGHT - 1 => lo.to_string(),
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
        for (l, mark) in self.lines.iter().zip(&marks) {
            let missing = l.points.iter().filter(|p| p.y.is_none()).count();
            let mut entry = format!("{mark} {}", l.label);
            if self.by == By::Mode {
                if let Some(s) = l.semantics {
                    let _ = write!(entry, " ({})", s.name());
                }
            }
            if missing > 0 {
                let why = l
                    .points
                    .iter()
                    .find_map(|p| p.error.as_deref())
                    .unwrap_or("");
                let _ = write!(entry, ": {missing} runs refused ({why})");
            }
            out.push_str(&wrap(&entry, "", "    "));
        }
        if marks.len() > 1 {
            out.push_str("+ two or more lines meet\n");
        }
        out
    }
}
