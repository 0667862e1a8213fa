//! The zone: buddy free lists by order, F against the min/low/high watermarks, PGALLOC, kswapd.

use crate::state::WorldRef;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ZoneProps {
    pub world: WorldRef,
}

#[function_component]
pub fn ZonePanel(props: &ZoneProps) -> Html {
    let z = &props.world.0.zone;
    let info = z.buddy.buddyinfo();
    let most = info.iter().copied().max().unwrap_or(0).max(1);
    let f = z.buddy.nr_free_pages();
    // The gauge spans 0..2×high (at least F) so the watermarks sit in the middle.
    let span = (z.wmark.high * 2).max(f).max(1);
    let pct = |v: u64| bulkpool_allocator::explain::units::percent(v, span);
    let level = if f <= z.wmark.min {
        "below-min"
    } else if f <= z.wmark.low {
        "below-low"
    } else if f <= z.wmark.high {
        "below-high"
    } else {
        "ok"
    };
    html! {
        <section class="panel zone" aria-labelledby="zone-h">
            <h2 id="zone-h">{ "Zone" }</h2>
            <div class="gauge-row">
                <span class="f-value">{ format!("F = {f}") }</span>
                <div class={classes!("gauge", level)} role="meter" aria-label="buddy free pages"
                    aria-valuenow={f.to_string()} aria-valuemin="0" aria-valuemax={span.to_string()}
                    aria-valuetext={format!("{f} free; min {}, low {}, high {}", z.wmark.min, z.wmark.low, z.wmark.high)}>
                    <span class="fill" style={format!("width: {}", pct(f.min(span)))}></span>
                    <span class="wm wm-min" style={format!("left: {}", pct(z.wmark.min))} title={format!("min {}", z.wmark.min)}></span>
                    <span class="wm wm-low" style={format!("left: {}", pct(z.wmark.low))} title={format!("low {}", z.wmark.low)}></span>
                    <span class="wm wm-high" style={format!("left: {}", pct(z.wmark.high))} title={format!("high {}", z.wmark.high)}></span>
                </div>
            </div>
            <p class="wm-legend">{ format!("F = free pages in the buddy lists (nr_free_pages) · watermarks min {} · low {} · high {}", z.wmark.min, z.wmark.low, z.wmark.high) }
                { if z.buddy.nr_reserved_pages() > 0 { format!(" · {} reserved", z.buddy.nr_reserved_pages()) } else { String::new() } }</p>
            <table class="buddyinfo">
                <caption class="sr-only">{ "Free blocks per order (buddyinfo)" }</caption>
                <colgroup><col class="label-col" /><col span={info.len().to_string()} /></colgroup>
                <tbody>
                    <tr class="orders"><th scope="row">{ "order" }</th>{ for (0..info.len()).map(|o| html! { <td>{ o }</td> }) }</tr>
                    <tr class="blocks"><th scope="row">{ "blocks" }</th>{ for info.iter().map(|n| html! {
                        <td class={classes!((*n == 0).then_some("empty"))}>
                            <span class="bar" style={format!("height: {}", bulkpool_allocator::explain::units::percent(*n as u64, most as u64))}></span>
                            <span class="n">{ n }</span>
                        </td>
                    }) }</tr>
                </tbody>
            </table>
            <dl class="facts">
                <dt><abbr title="vmstat: pages the page allocator handed out">{ "PGALLOC" }</abbr></dt><dd class="pgalloc">{ z.stats.pgalloc }</dd>
                <dt>{ "kswapd" }</dt><dd class="kswapd">{ if z.kswapd.awake { "awake" } else if z.kswapd.wakeups > 0 { "asleep (was woken)" } else { "asleep" } }</dd>
                <dt>{ "reclaimable" }</dt><dd>{ format!("{} clean, {} dirty", z.reclaim.clean.len(), z.reclaim.dirty.len()) }</dd>
            </dl>
        </section>
    }
}
