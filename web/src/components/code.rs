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

/// The call path of a task at a step (see `bulkpool_allocator::code::call_path`).
pub fn call_path(world: &bulkpool_allocator::World, event: Option<Event>) -> Vec<&'static str> {
    event.map_or_else(Vec::new, |e| bulkpool_allocator::code::call_path(world, &e))
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
