//! The code panel: our pseudo-code of the algorithm the current step is in, with its line lit.

use bulkpool_allocator::event::Listing;
use bulkpool_allocator::Event;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CodeProps {
    pub event: Option<Event>,
    /// The listing to show before the first step.
    pub default: Listing,
    /// The functions the current step is nested in, outermost first.
    #[prop_or_default]
    pub path: Vec<&'static str>,
}

/// The call path of a task at a step: dm-crypt › mempool call › the listing of the step.
pub fn call_path(world: &bulkpool_allocator::World, event: Option<Event>) -> Vec<&'static str> {
    use bulkpool_allocator::world::CallKind;
    let Some(e) = event else { return Vec::new() };
    let Some(task) = world.tasks.get(e.task as usize) else {
        return Vec::new();
    };
    let mut path = Vec::new();
    if task.dm_gfp.is_some() {
        path.push("crypt_alloc_buffer");
    }
    let call = task.call.filter(|c| {
        c.remaining != 0 || matches!(e.kind, bulkpool_allocator::EventKind::CallEnd { .. })
    });
    let outer = match call.map(|c| c.kind) {
        Some(CallKind::MempoolBulk) => Some("mempool_alloc_pages_bulk"),
        Some(CallKind::MainlineBulk) => Some("mempool_alloc_bulk"),
        Some(CallKind::MempoolAlloc) => Some("mempool_alloc"),
        Some(CallKind::PlainBulk) => Some("__alloc_pages_bulk"),
        _ => None,
    };
    path.extend(outer);
    let here = match e.line.0 {
        Listing::BulkAlloc => Some("__alloc_pages_bulk"),
        Listing::AllocPage => Some("alloc_page"),
        Listing::MempoolFree => Some("mempool_free"),
        _ => None,
    };
    // Inside a page-bulk call, alloc_page runs from the bulk allocator's single-page path.
    if e.line.0 == Listing::AllocPage && outer == Some("mempool_alloc_pages_bulk") {
        path.push("__alloc_pages_bulk");
    }
    path.extend(here);
    path.dedup();
    path
}

#[function_component]
pub fn CodePanel(props: &CodeProps) -> Html {
    let (listing, lit) = match props.event {
        Some(e) => (e.line.0, Some(e.line.1 as usize)),
        None => (props.default, None),
    };
    html! {
        <section class="panel code" aria-labelledby="code-h">
            <h2 id="code-h">{ listing.title() }</h2>
            <p class="call-path" aria-label="call path">{ props.path.join(" › ") }</p>
            <ol class="listing" data-listing={format!("{listing:?}")}>
                { for listing.lines().iter().enumerate().map(|(i, text)| {
                    let here = lit == Some(i + 1);
                    html! {
                        <li class={classes!(here.then_some("lit"))} aria-current={here.then_some("step")}><code>{ *text }</code></li>
                    }
                }) }
            </ol>
        </section>
    }
}
