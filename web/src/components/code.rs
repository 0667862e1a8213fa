//! The code panel: our pseudo-code of the algorithm the current step is in, with its line lit.

use crate::hooks::found_later::use_found_later;
use crate::state::TraceRef;
use bulkpool_allocator::trace::event::Listing;
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
    /// The run: the lines no step of it reaches are dimmed (in a listing it enters at all).
    pub trace: TraceRef,
    /// Predict mode: nothing is dimmed, since that would tell what the run does next.
    #[prop_or_default]
    pub predicting: bool,
}

/// The call path of a task at a step (see `bulkpool_allocator::explain::code::call_path`).
pub fn call_path(world: &bulkpool_allocator::World, event: Option<Event>) -> Vec<&'static str> {
    event.map_or_else(Vec::new, |e| {
        bulkpool_allocator::explain::code::call_path(world, &e)
    })
}

/// A line and its phase marker (`[A]` to `[D]`), which the panel sets at the right margin
/// instead of padding the line with spaces up to it.
pub fn split_mark(line: &str) -> (&str, Option<&str>) {
    let t = line.trim_end();
    match t
        .len()
        .checked_sub(3)
        .and_then(|i| t.get(i..).map(|m| (i, m)))
    {
        Some((i, m))
            if m.starts_with('[') && m.ends_with(']') && m.as_bytes()[1].is_ascii_uppercase() =>
        {
            (t[..i].trim_end(), Some(m))
        }
        _ => (line, None),
    }
}

#[function_component]
pub fn CodePanel(props: &CodeProps) -> Html {
    let (listing, lit) = match props.event {
        Some(e) => (e.line.0, Some(e.line.1 as usize)),
        None => (props.default, None),
    };
    // Found a task later for a long run (`hooks::found_later`): dimmed once known.
    let reached = use_found_later(&props.trace, |t| *t.reached()).filter(|_| !props.predicting);
    // A listing the run never enters (the default one, before the first step) is not dimmed.
    let used = reached.as_ref().is_some_and(|r| r.any(listing));
    html! {
        <section class="panel code" aria-labelledby="code-h">
            <h2 id="code-h">{ listing.title() }</h2>
            <p class="call-path">{ if props.path.is_empty() { html! {} } else { html! { <span class="sr-only">{ "call path: " }</span> } } }{ props.path.join(" › ") }</p>
            <ol class="listing" data-listing={format!("{listing:?}")}>
                { for listing.lines().iter().enumerate().map(|(i, text)| {
                    let here = lit == Some(i + 1);
                    let unreached = used && !reached.as_ref().is_some_and(|r| r.line(listing, (i + 1) as u8));
                    let (code, mark) = split_mark(text);
                    html! {
                        <li class={classes!(here.then_some("lit"), unreached.then_some("unreached"))} aria-current={here.then_some("step")}
                            title={unreached.then_some("No step of this run reaches this line")}>
                            { match mark { Some(m) => html! { <span class="phase-mark" title="phase of the mempool call (see Notation)">{ m }</span> }, None => html! {} } }
                            <code>{ code }</code>
                            { if unreached { html! { <span class="sr-only">{ " (not reached in this run)" }</span> } } else { html! {} } }
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
