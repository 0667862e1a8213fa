//! How a sweep chart's lines and runs look: each line's colour and marker shape, and the mark
//! of a run that did not complete (a cross, a wave, a chevron) with its legend.

use bulkpool_allocator::explain::outcome::Class;
use bulkpool_allocator::view::sweep::{By, Point, Sweep};
use yew::prelude::*;

/// A line's look: its CSS class (colour) and marker.
pub(super) fn style_of(sweep: &Sweep, line: usize) -> (&'static str, Marker) {
    let label = sweep.lines[line].label.as_str();
    match (sweep.by, label) {
        (By::Mode, "list") => ("s-list", Marker::Circle),
        (By::Mode, "array") => ("s-array", Marker::Square),
        (By::Mode, _) => ("s-callback", Marker::Triangle),
        (By::Semantics, "rfc-2022") => ("s-rfc", Marker::Circle),
        (By::Semantics, "v2-2023") => ("s-v2", Marker::Square),
        (By::Semantics, "mainline-6.19") => ("s-619", Marker::Triangle),
        (By::Semantics, _) => ("s-k60", Marker::Diamond),
        (By::Policy(_), _) => [
            ("s-list", Marker::Circle),
            ("s-array", Marker::Square),
            ("s-callback", Marker::Triangle),
        ][line % 3],
    }
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

impl Marker {
    /// The marker as a piece of a path's `d`, so that a line's markers are one element.
    pub(super) fn path(self, x: f64, y: f64, r: f64) -> String {
        match self {
            Marker::Circle => format!(
                "M{:.1},{:.1}a{r:.1},{r:.1} 0 1,0 {:.1},0a{r:.1},{r:.1} 0 1,0 {:.1},0",
                x - r,
                y,
                2.0 * r,
                -2.0 * r
            ),
            Marker::Square => format!(
                "M{:.1},{:.1}h{:.1}v{:.1}h{:.1}z",
                x - r,
                y - r,
                2.0 * r,
                2.0 * r,
                -2.0 * r
            ),
            Marker::Triangle => format!(
                "M{:.1},{:.1}L{:.1},{:.1}L{:.1},{:.1}z",
                x,
                y - r * 1.2,
                x + r * 1.1,
                y + r * 0.9,
                x - r * 1.1,
                y + r * 0.9
            ),
            Marker::Diamond => format!(
                "M{:.1},{:.1}L{:.1},{:.1}L{:.1},{:.1}L{:.1},{:.1}z",
                x,
                y - r * 1.3,
                x + r * 1.3,
                y,
                x,
                y + r * 1.3,
                x - r * 1.3,
                y
            ),
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Marker::Circle => "circle",
            Marker::Square => "square",
            Marker::Triangle => "triangle",
            Marker::Diamond => "diamond",
        }
    }
    pub(super) fn draw(self, x: f64, y: f64, r: f64) -> Html {
        match self {
            Marker::Circle => {
                html! { <circle cx={x.to_string()} cy={y.to_string()} r={r.to_string()} /> }
            }
            Marker::Square => html! {
                <rect x={(x - r).to_string()} y={(y - r).to_string()} width={(2.0 * r).to_string()} height={(2.0 * r).to_string()} />
            },
            Marker::Triangle => html! {
                <polygon points={format!("{},{} {},{} {},{}", x, y - r * 1.2, x - r * 1.1, y + r * 0.9, x + r * 1.1, y + r * 0.9)} />
            },
            Marker::Diamond => html! {
                <polygon points={format!("{},{} {},{} {},{} {},{}", x, y - r * 1.3, x + r * 1.3, y, x, y + r * 1.3, x - r * 1.3, y)} />
            },
        }
    }
}

/// The mark of a run that did not complete, as a piece of a path's `d`.
pub(super) fn stuck_mark(class: Option<Class>, x: f64, y: f64, r: f64) -> String {
    match class {
        // A cross.
        Some(Class::Deadlock) => format!(
            "M{:.1},{:.1}l{:.1},{:.1}m0,{:.1}l{:.1},{:.1}",
            x - r,
            y - r,
            2.0 * r,
            2.0 * r,
            -2.0 * r,
            -2.0 * r,
            2.0 * r
        ),
        // A wave.
        Some(Class::Livelock) => format!(
            "M{:.1},{:.1}q{:.1},{:.1} {:.1},0t{:.1},0",
            x - r,
            y,
            r / 2.0,
            -r,
            r,
            r
        ),
        // A chevron pointing past the horizon.
        _ => format!(
            "M{:.1},{:.1}l{:.1},{:.1}l{:.1},{:.1}",
            x - r / 2.0,
            y - r,
            r,
            r,
            -r,
            r
        ),
    }
}

/// What a run that did not complete means, for the legend.
pub(super) fn stuck_legend(points: &[&Point]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for class in [Class::Deadlock, Class::Livelock, Class::Cut] {
        if points.iter().any(|p| p.outcome == Some(class)) {
            let mark = match class {
                Class::Deadlock => "×",
                Class::Livelock => "~",
                _ => "›",
            };
            out.push(format!("{mark} {}: {}", class.name(), class.meaning()));
        }
    }
    out
}
