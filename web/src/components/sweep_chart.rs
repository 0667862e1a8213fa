//! A sweep as an SVG line chart: one line per delivery mode or per semantics, each with its
//! Okabe–Ito colour and its own marker shape, so that no line is told apart by colour alone.
//! The chart is one tab stop: ← → move along the values, ↑ ↓ between lines, Enter opens the run;
//! hovering does the same as focusing. A toggled table gives every number as text. A run that
//! did not complete has no value: it is drawn in a band above the plot, with a mark for how it
//! ended (a cross for a deadlock, a wave for a livelock, a chevron for a cut run). The axes are
//! titled in words, their labels drawn large enough to read at a phone's width (at least 11 px
//! where the chart is 360 px wide), and the legend says where a line hides under another.

mod labels;
mod marks;

use bulkpool_allocator::view::sweep::{Point, Sweep};
use labels::{describe, overlap, ticks, y_title};
use marks::{stuck_legend, stuck_mark, style_of};
use std::rc::Rc;
use yew::prelude::*;

const W: f64 = 640.0;
const H: f64 = 340.0;
const LEFT: f64 = 78.0;
const RIGHT: f64 = 22.0;
/// Room above the plot for the y axis's title.
const TOP: f64 = 34.0;
/// The height of one line's row in the band of runs that did not complete.
const BAND_ROW: f64 = 14.0;
const BOTTOM: f64 = 62.0;

/// A sweep compared by identity (it is computed once per request).
#[derive(Clone)]
pub struct SweepRef(pub Rc<Sweep>);

impl PartialEq for SweepRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct SweepChartProps {
    pub sweep: SweepRef,
    /// The x axis's title in words ("N (A), pages A's first call asks for"); the field path
    /// when empty.
    #[prop_or_default]
    pub x_title: AttrValue,
    /// Open the run of line `.0` at the parameter's value `.1` in the step view.
    pub on_open: Callback<(usize, u64)>,
}

#[function_component]
pub fn SweepChart(props: &SweepChartProps) -> Html {
    let sweep = &props.sweep.0;
    let active = use_state(|| (0usize, 0usize));
    let table = use_state(|| false);
    let n = sweep.param.values.len();
    let (x0, x1) = (
        *sweep.param.values.first().unwrap_or(&0),
        *sweep.param.values.last().unwrap_or(&0),
    );
    let hi = sweep
        .lines
        .iter()
        .flat_map(|l| l.points.iter().filter_map(|p| p.y))
        .max()
        .unwrap_or(0);
    let y_ticks = ticks(hi);
    let top = (*y_ticks.last().unwrap_or(&0)).max(hi).max(1);
    // A band above the plot, one row per line, for the runs that did not complete.
    let stuck: Vec<&Point> = sweep
        .lines
        .iter()
        .flat_map(|l| {
            l.points
                .iter()
                .filter(|p| p.y.is_none() && p.outcome.is_some())
        })
        .collect();
    let band = if stuck.is_empty() {
        0.0
    } else {
        BAND_ROW * sweep.lines.len() as f64 + 8.0
    };
    let plot_top = TOP + band;
    let band_y = move |line: usize| TOP + BAND_ROW * (line as f64 + 0.5);
    let px = move |x: u64| {
        if x1 == x0 {
            LEFT + (W - LEFT - RIGHT) / 2.0
        } else {
            LEFT + (x - x0) as f64 * (W - LEFT - RIGHT) / (x1 - x0) as f64
        }
    };
    let py = move |y: u64| H - BOTTOM - y as f64 * (H - plot_top - BOTTOM) / top as f64;
    let (al, ai) = *active;
    let (al, ai) = (
        al.min(sweep.lines.len().saturating_sub(1)),
        ai.min(n.saturating_sub(1)),
    );

    let onkeydown = {
        let active = active.clone();
        let open = props.on_open.clone();
        let lines = sweep.lines.len();
        let x_at = sweep.param.values.clone();
        Callback::from(move |e: KeyboardEvent| {
            let (l, i) = (al, ai);
            let next = match e.key().as_str() {
                "ArrowRight" => (l, (i + 1).min(n.saturating_sub(1))),
                "ArrowLeft" => (l, i.saturating_sub(1)),
                "ArrowUp" => ((l + lines - 1) % lines.max(1), i),
                "ArrowDown" => ((l + 1) % lines.max(1), i),
                "Home" => (l, 0),
                "End" => (l, n.saturating_sub(1)),
                "Enter" | " " => {
                    e.prevent_default();
                    if let Some(x) = x_at.get(i) {
                        open.emit((l, *x));
                    }
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            active.set(next);
        })
    };

    // The point under the pointer, found from its position (a sweep has up to 1,024 points,
    // drawn as one path per line, so there is no element per point to hit): the nearest value
    // along x, then the line whose point there is nearest along y.
    let svg = use_node_ref();
    let point_at = {
        let svg = svg.clone();
        // Each point's height: its value, or its row in the band when the run did not complete.
        let lines: Vec<Vec<Option<f64>>> = sweep
            .lines
            .iter()
            .enumerate()
            .map(|(li, l)| {
                l.points
                    .iter()
                    .map(|p| match (p.y, p.outcome) {
                        (Some(y), _) => Some(py(y)),
                        (None, Some(_)) => Some(band_y(li)),
                        (None, None) => None,
                    })
                    .collect()
            })
            .collect();
        let xs = sweep.param.values.clone();
        move |e: &MouseEvent| -> Option<(usize, usize)> {
            let rect = svg.cast::<web_sys::Element>()?.get_bounding_client_rect();
            if rect.width() <= 0.0 || rect.height() <= 0.0 {
                return None;
            }
            let vx = (e.client_x() as f64 - rect.left()) * W / rect.width();
            let vy = (e.client_y() as f64 - rect.top()) * H / rect.height();
            let i = xs
                .iter()
                .enumerate()
                .min_by(|a, b| (px(*a.1) - vx).abs().total_cmp(&(px(*b.1) - vx).abs()))?
                .0;
            let line = lines
                .iter()
                .enumerate()
                .filter_map(|(li, ys)| ys.get(i).copied().flatten().map(|y| (li, (y - vy).abs())))
                .min_by(|a, b| a.1.total_cmp(&b.1))?
                .0;
            Some((line, i))
        }
    };
    let onmousemove = {
        let active = active.clone();
        let point_at = point_at.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(at) = point_at(&e) {
                if *active != at {
                    active.set(at);
                }
            }
        })
    };
    let onclick = {
        let open = props.on_open.clone();
        let x_at = sweep.param.values.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some((line, i)) = point_at(&e) {
                if let Some(x) = x_at.get(i) {
                    open.emit((line, *x));
                }
            }
        })
    };
    let r = if n > 64 { 2.5 } else { 4.0 };
    let lines_svg = sweep.lines.iter().enumerate().map(|(li, l)| {
        let (class, marker) = style_of(sweep, li);
        // Segments between consecutive points that both ran.
        let mut segments: Vec<Vec<String>> = vec![Vec::new()];
        for p in &l.points {
            match p.y {
                Some(y) => {
                    if let Some(s) = segments.last_mut() {
                        s.push(format!("{:.1},{:.1}", px(p.x), py(y)));
                    }
                }
                None => segments.push(Vec::new()),
            }
        }
        let marks: String = l
            .points
            .iter()
            .filter_map(|p| p.y.map(|y| marker.path(px(p.x), py(y), r)))
            .collect();
        let drawn = l.points.iter().filter(|p| p.y.is_some()).count();
        let stuck: String = l
            .points
            .iter()
            .filter(|p| p.y.is_none() && p.outcome.is_some())
            .map(|p| stuck_mark(p.outcome, px(p.x), band_y(li), r))
            .collect();
        let stuck_n = l.points.iter().filter(|p| p.y.is_none() && p.outcome.is_some()).count();
        html! {
            <g class={classes!("sweep-line", class)} data-line={l.label.clone()} data-points={drawn.to_string()} data-stuck={stuck_n.to_string()}>
                { for segments.iter().filter(|s| s.len() > 1).map(|s| html! { <polyline points={s.join(" ")} /> }) }
                <path class="pts" d={marks} />
                { if stuck.is_empty() { html! {} } else { html! { <path class="stuck" d={stuck} /> } } }
            </g>
        }
    });
    // The point being read, drawn larger on top.
    let active_mark = sweep.lines.get(al).and_then(|l| {
        let p = l.points.get(ai)?;
        let y = match (p.y, p.outcome) {
            (Some(y), _) => py(y),
            (None, Some(_)) => band_y(al),
            (None, None) => return None,
        };
        let (class, marker) = style_of(sweep, al);
        Some(html! {
            <g class={classes!("sweep-line", class)}>
                <g class="pt active" data-line={l.label.clone()} data-x={p.x.to_string()}>
                    { marker.draw(px(p.x), y, r + 2.5) }
                </g>
            </g>
        })
    });

    let toggle = {
        let table = table.clone();
        Callback::from(move |_| table.set(!*table))
    };
    let x_title = if props.x_title.is_empty() {
        sweep.param.path.clone()
    } else {
        props.x_title.to_string()
    };
    let readout = if n > 0 && !sweep.lines.is_empty() {
        describe(sweep, al, ai)
    } else {
        String::new()
    };
    html! {
        <div class="sweep-chart">
            <p class="sweep-readout" aria-live="polite">{ readout }</p>
            <svg viewBox={format!("0 0 {W} {H}")} class="sweep-svg" tabindex="0" role="application"
                aria-label={format!("{} against {}: arrow keys move between points, Enter opens that run", y_title(sweep), x_title)}
                onkeydown={onkeydown} {onmousemove} {onclick} ref={svg}>
                <g class="axis">
                    <line x1={LEFT.to_string()} y1={(H - BOTTOM).to_string()} x2={(W - RIGHT).to_string()} y2={(H - BOTTOM).to_string()} />
                    <line x1={LEFT.to_string()} y1={plot_top.to_string()} x2={LEFT.to_string()} y2={(H - BOTTOM).to_string()} />
                    <text class="axis-title y-title" x="4" y="20" text-anchor="start">{ y_title(sweep) }</text>
                    { if band > 0.0 { html! {
                        <text class="band-title" x={(LEFT - 6.0).to_string()} y={(TOP + 11.0).to_string()} text-anchor="end">{ "no value" }</text>
                    } } else { html! {} } }
                    { for y_ticks.iter().map(|t| html! {
                        <g class="tick">
                            <line class="grid" x1={LEFT.to_string()} y1={py(*t).to_string()} x2={(W - RIGHT).to_string()} y2={py(*t).to_string()} />
                            <text x={(LEFT - 8.0).to_string()} y={(py(*t) + 7.0).to_string()} text-anchor="end">{ t }</text>
                        </g>
                    }) }
                    { for [x0, x0 + (x1 - x0) / 2, x1].iter().map(|x| html! {
                        <text x={px(*x).to_string()} y={(H - BOTTOM + 24.0).to_string()} text-anchor="middle">{ x }</text>
                    }) }
                    <text class="axis-title x-title" x={((LEFT + W - RIGHT) / 2.0).to_string()} y={(H - 8.0).to_string()} text-anchor="middle">{ x_title.clone() }</text>
                </g>
                { if sweep.lines.iter().all(|l| l.points.iter().all(|p| p.y.is_none())) { html! {
                    <text class="no-values" x={((LEFT + W - RIGHT) / 2.0).to_string()} y={((plot_top + H - BOTTOM) / 2.0).to_string()} text-anchor="middle">
                        { "No run completed: each point is in the band above" }
                    </text>
                } } else { html! {} } }
                { for lines_svg }
                { active_mark.unwrap_or_default() }
            </svg>
            <ul class="sweep-legend">
                { for sweep.lines.iter().enumerate().map(|(li, l)| {
                    let (class, marker) = style_of(sweep, li);
                    let refused = l.points.iter().filter(|p| p.error.is_some()).count();
                    let stuck = l.points.iter().filter(|p| p.y.is_none() && p.outcome.is_some()).count();
                    let bug = l.points.iter().find_map(|p| p.caller_bug.clone());
                    html! {
                        <li class={classes!("sweep-key", class)} data-line={l.label.clone()}>
                            <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><g class="sweep-line">{ marker.draw(8.0, 8.0, 4.5) }</g></svg>
                            { format!(" {} ({})", l.title, marker.name()) }
                            { if stuck > 0 { html! { <span class="muted">{ format!(" · {stuck} of {} runs did not complete", l.points.len()) }</span> } } else { html! {} } }
                            { match overlap(sweep, li) {
                                Some((j, k, all)) if k == all => html! { <span class="overlap">{ format!(" · hidden under {}: the same at every point", sweep.lines[j].title) }</span> },
                                Some((j, k, all)) => html! { <span class="overlap">{ format!(" · under {} at {k} of {all} points", sweep.lines[j].title) }</span> },
                                None => html! {},
                            } }
                            { if refused > 0 { html! { <span class="muted">{ format!(" · {refused} of {} values cannot run", l.points.len()) }</span> } } else { html! {} } }
                            { match bug { Some(b) => html! { <span class="caller-bug">{ format!(" · caller bug: {b}") }</span> }, None => html! {} } }
                        </li>
                    }
                }) }
                { for sweep.skipped.iter().map(|s| html! { <li class="sweep-key skipped" data-line={s.label.clone()}>{ format!("no line: {}", s.reason) }</li> }) }
                { for stuck_legend(&stuck).into_iter().map(|t| html! { <li class="sweep-key stuck-key">{ t }</li> }) }
            </ul>
            <button class="table-toggle" aria-expanded={table.to_string()} onclick={toggle}>
                { if *table { "Hide the table" } else { "Show as a table" } }
            </button>
            { if *table { html! {
                <table class="sweep-table">
                    <caption>{ format!("{} against {}", sweep.metric.title(), x_title) }</caption>
                    <thead><tr><th scope="col">{ x_title.clone() }</th>
                        { for sweep.lines.iter().map(|l| html! { <th scope="col">{ l.title.clone() }</th> }) }</tr></thead>
                    <tbody>
                        { for sweep.param.values.iter().enumerate().map(|(i, x)| html! {
                            <tr><th scope="row">{ x }</th>
                                { for sweep.lines.iter().map(|l| html! {
                                    <td class={classes!("num", l.points[i].y.is_none().then_some("no-value"))}>{ match l.points[i].cell() { c if c.is_empty() => "–".to_string(), c => c } }</td>
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            } } else { html! {} } }
        </div>
    }
}
