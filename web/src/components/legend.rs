//! The notation the panels use, explained: one click away under the header ("Notation") and in
//! the help.

use yew::prelude::*;

/// Terms the panels and the narration abbreviate.
pub const TERMS: [(&str, &str); 9] = [
    ("F", "nr_free_pages: free pages in the zone's buddy lists. The watermark checks compare it; pages on the per-CPU list are not counted."),
    ("min / low / high", "the zone's watermarks. The fast path needs F > low, the slow path F > min; kswapd reclaims until F > high."),
    ("pcp", "the per-CPU page list: a cache of single pages in front of the buddy lists, refilled and drained in batches."),
    ("C", "the pcp's page count (pcp->count)."),
    ("PGALLOC / PGFREE", "the vmstat counters of pages the page allocator handed out and took back."),
    ("reserved", "free pages in blocks of a reserved migrate type: counted in F and by the watermarks, never handed out."),
    ("reserve, curr_nr / min_nr", "the mempool's own stock of pages, taken when the page allocator fails."),
    ("[A] [B] [C] [D]", "the four phases in the mempool listing: [A] bulk call, [B] pool drain, [C] sleepable retry, [D] sleep until a free or the 5 s timeout."),
    ("lock", "the task holds dm-crypt's bio_alloc_lock (its deadlock fix)."),
];

/// The timeline's colours, by phase, and its markers.
pub const COLOURS: [(&str, &str); 8] = [
    ("p-bulk", "bulk call or first attempt"),
    ("p-drain", "pool drain"),
    ("p-retry", "sleepable retry"),
    ("p-sleep", "sleep"),
    ("p-wake", "wake-up"),
    ("p-free", "freeing pages"),
    ("p-consumer", "using the pages (bio)"),
    ("p-setup", "program, set-up and kswapd"),
];

pub const MARKERS: [(&str, &str); 4] = [
    ("m-sleep", "a sleep"),
    ("m-timeout", "a 5 s timeout"),
    ("m-wake", "a wake-up"),
    ("m-phase", "a phase change"),
];

/// The legend's body: terms, source tags and colours, under headings of the given level
/// ("h2" on the page, "h3" inside the help).
pub fn legend_body(heading: &'static str) -> Html {
    html! {
        <div class="legend-body">
            <@{heading}>{ "Terms" }</@>
            <dl class="terms">
                { for TERMS.iter().map(|(k, v)| html! { <><dt>{ *k }</dt><dd>{ *v }</dd></> }) }
            </dl>
            <@{heading}>{ "Source tags" }</@>
            <dl class="terms">
                { for bulkpool_allocator::explain::source::TAGS.iter().map(|(k, v)| html! { <><dt><span class="tag">{ *k }</span></dt><dd>{ *v }</dd></> }) }
            </dl>
            <@{heading}>{ "Timeline" }</@>
            <ul class="legend colours">
                { for COLOURS.iter().map(|(class, what)| html! {
                    <li><span class={classes!("swatch", *class)} aria-hidden="true"></span>{ *what }</li>
                }) }
                { for MARKERS.iter().map(|(class, what)| html! {
                    <li><span class={classes!("swatch", "marker-swatch", *class)} aria-hidden="true"></span>{ *what }</li>
                }) }
            </ul>
        </div>
    }
}

/// "Notation", one click away: a disclosure under the header.
#[function_component]
pub fn Legend() -> Html {
    html! {
        <details class="legend-box">
            <summary>{ "Notation: F, C, pcp, source tags, colours" }</summary>
            { legend_body("h2") }
        </details>
    }
}
