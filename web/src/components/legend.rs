//! The notation the panels use, explained: one click away under the header ("Notation") and in
//! the help's Notation tab: terms, gfp flags (`explain::flags`), source tags, colours and how a
//! run can end.

use yew::prelude::*;

/// Terms the panels and the narration abbreviate.
pub const TERMS: [(&str, &str); 15] = [
    ("F", "nr_free_pages: free pages in the zone's buddy lists. The watermark checks compare it; pages on the per-CPU list are not counted."),
    ("min / low / high", "the zone's watermarks. The fast path needs F > low, the slow path F > min; kswapd reclaims until F > high."),
    ("pcp", "the per-CPU page list: a cache of single pages in front of the buddy lists, refilled and drained in batches."),
    ("C", "the pcp's page count (pcp->count)."),
    ("PGALLOC / PGFREE", "the vmstat counters of pages the page allocator handed out and took back."),
    ("reserved", "free pages in blocks of a reserved migrate type: counted in F and by the watermarks, never handed out."),
    ("reserve, curr_nr / min_nr", "the mempool's own stock of pages, taken when the page allocator fails."),
    ("[A] [B] [C] [D]", "the four phases in the mempool listing: [A] bulk call, [B] pool drain, [C] sleepable retry, [D] sleep until a free or the 5 s timeout."),
    ("lock", "the task holds dm-crypt's bio_alloc_lock (its deadlock fix)."),
    ("round", "one pass of a mempool call: a bulk call, then the reserve; a caller that still misses pages retries at once with the full mask, or sleeps and tries another round."),
    ("gfp mask", "the flags an allocation passes (get-free-pages): whether it may sleep, reclaim, start I/O or dip below the watermarks. The flags are listed below."),
    ("direct reclaim", "the allocating task frees memory itself (here, up to 32 clean pages) before it retries; it may sleep, so it needs DIRECT_RECLAIM."),
    ("kswapd", "the background reclaimer, woken when F falls below low; it frees pages until F is above high."),
    ("bio, bvec", "a bio is one block I/O request; its bvecs (bio_vec) list the pages it reads or writes, one page (or compound page) each. dm-crypt allocates a bio's pages for the encrypted copy of a write."),
    ("too small to fail", "an order-0 request without NORETRY never fails: the page allocator keeps retrying (and would call the OOM killer)."),
];

/// The timeline's colours, by phase, and its markers.
pub const COLOURS: [(&str, &str); 8] = [
    ("p-bulk", "bar: bulk call or first attempt"),
    ("p-drain", "bar: pool drain"),
    ("p-retry", "bar: sleepable retry"),
    ("p-sleep", "bar: asleep on the pool"),
    ("p-wake", "bar: woken, running again"),
    ("p-free", "bar: freeing pages"),
    ("p-consumer", "bar: using the pages (bio)"),
    ("p-setup", "bar: program, set-up and kswapd"),
];

/// The timeline's markers: each one a step to jump to.
pub const MARKERS: [(&str, &str); 4] = [
    ("m-sleep", "marker: a task goes to sleep"),
    ("m-timeout", "marker: a 5 s timeout ends a sleep"),
    ("m-wake", "marker: wake_up wakes the sleepers"),
    ("m-phase", "marker: the next phase begins"),
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
            <@{heading}>{ "gfp flags and masks" }</@>
            <p class="muted">{ "A mask is written as its largest standard mask, then the flags it adds: GFP_NOWAIT|NORETRY|NOMEMALLOC|NOWARN. The mempool adds NORETRY, NOMEMALLOC and NOWARN to every call, and strips DIRECT_RECLAIM and IO for its first attempt." }</p>
            <dl class="terms flags">
                { for bulkpool_allocator::explain::flags::FLAGS.iter().map(|(k, v)| html! { <><dt><code>{ *k }</code></dt><dd>{ *v }</dd></> }) }
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
            <@{heading}>{ "How a run ends" }</@>
            <dl class="terms">
                { for bulkpool_allocator::trace::ending::Class::ALL.iter().map(|c| html! { <><dt>{ c.name() }</dt><dd>{ c.meaning() }</dd></> }) }
            </dl>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    /// Whether the body is in the page while the disclosure is closed: a page load adds it in
    /// its last pass (`hooks::stages`); opening the disclosure adds it at once.
    #[prop_or(true)]
    pub ready: bool,
}

/// "Notation", one click away: a disclosure under the header.
#[function_component]
pub fn Legend(props: &LegendProps) -> Html {
    let opened = use_state(|| false);
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |_: Event| opened.set(true))
    };
    html! {
        <details class="legend-box" {ontoggle}>
            <summary>{ "Notation: F, C, pcp, gfp flags, source tags, colours" }</summary>
            { if props.ready || *opened { legend_body("h2") } else { html! {} } }
        </details>
    }
}
