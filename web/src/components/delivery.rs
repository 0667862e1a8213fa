//! The destination, drawn the way each mode really holds pages: a linked list (head first), an
//! array of slots with the prefix-scan cursor, or the callback invocations with their opaque
//! data and the bio's bvecs filling. A bio, if the task has one, is shown in every mode.

use crate::state::{TraceRef, WorldRef};
use bulkpool_allocator::explain::delivery::{array_cursor, callbacks, Callback};
use bulkpool_allocator::model::world::{Slot, Task};
use bulkpool_allocator::{Event, Mode};
use yew::prelude::*;

const SHOWN: usize = 64;

#[derive(Properties, PartialEq)]
pub struct DeliveryProps {
    pub world: WorldRef,
    pub trace: TraceRef,
    pub step: usize,
    pub mode: Mode,
    pub event: Option<Event>,
}

fn list_view(t: &Task) -> Html {
    html! {
        <div class="dest-list" aria-label="caller's list, head first">
            <span class="node head">{ "head" }</span>
            { for t.list.iter().take(SHOWN).map(|p| html! { <><span class="arrow" aria-hidden="true">{ "→" }</span><span class="node page">{ p }</span></> }) }
            { if t.list.len() > SHOWN { html! { <span class="node more">{ format!("+{}", t.list.len() - SHOWN) }</span> } } else { html! {} } }
            <span class="arrow" aria-hidden="true">{ "→" }</span><span class="node null">{ "∅" }</span>
        </div>
    }
}

fn array_view(t: &Task, cursor: Option<u32>) -> Html {
    if t.array.is_empty() {
        return html! { <p class="muted">{ "no array yet" }</p> };
    }
    html! {
        <ol class="dest-array" aria-label="caller's array">
            { for t.array.iter().take(SHOWN).enumerate().map(|(i, s)| {
                let (class, text) = match s {
                    Slot::Empty => ("empty", "NULL".to_string()),
                    Slot::Page(p) => ("page", p.to_string()),
                    Slot::Stale(v) => ("stale", format!("{v:#x}")),
                };
                let here = cursor == Some(i as u32);
                html! {
                    <li class={classes!("slot", class, here.then_some("cursor"))} aria-current={here.then_some("true")}>
                        <span class="idx">{ i }</span><span class="val">{ text }</span>
                    </li>
                }
            }) }
            { if t.array.len() > SHOWN { html! { <li class="slot more">{ format!("+{} slots", t.array.len() - SHOWN) }</li> } } else { html! {} } }
        </ol>
    }
}

fn callback_view(calls: &[Callback], has_bio: bool, task: &str) -> Html {
    // The last 12 calls, numbered from the first call of the bulk call.
    let first = calls.len().saturating_sub(12);
    html! {
        <ol class="dest-callbacks" aria-label="callback invocations">
            { if calls.is_empty() { html! { <li class="muted">{ "no callback yet" }</li> } } else { html! {} } }
            { for calls.iter().enumerate().skip(first).map(|(i, c)| html! {
                <li class="cb"><code>{ format!("cb(page {}, &data)", c.page) }</code>
                    <span class="data">{ if has_bio { format!(" data = {{ bio of {task}, size {} }}", c.bytes_left) } else { format!(" data = caller's #{i}") } }</span></li>
            }) }
            { if calls.len() > 12 { html! { <li class="muted">{ format!("… {} calls in all", calls.len()) }</li> } } else { html! {} } }
        </ol>
    }
}

fn bio_view(t: &Task) -> Html {
    let Some(bio) = &t.bio else { return html! {} };
    html! {
        <div class="bio">
            <h3>{ if bio.walked > 0 {
                format!("bio: {} / {} bvecs, {} given back front to back", bio.bvecs.len(), bio.capacity, bio.walked)
            } else {
                format!("bio: {} / {} bvecs", bio.bvecs.len(), bio.capacity)
            } }</h3>
            <ol class="bvecs">
                { for (0..(bio.capacity as usize).min(SHOWN)).map(|i| match bio.bvecs.get(i) {
                    Some(v) => html! {
                        <li class={classes!("bvec", "full", (v.order > 0).then_some("compound"), (i < bio.walked as usize).then_some("walked"))}
                            title={format!("page {}, len {}, offset {}{}", v.page, v.len, v.offset, if i < bio.walked as usize { " (freed)" } else { "" })}>
                            { if v.order > 0 { format!("{} ×{}", v.page, 1u32 << v.order) } else { v.page.to_string() } }
                        </li>
                    },
                    None => html! { <li class="bvec"></li> },
                }) }
            </ol>
        </div>
    }
}

#[function_component]
pub fn DeliveryPanel(props: &DeliveryProps) -> Html {
    let w = &props.world.0;
    let task_id = props
        .event
        .map(|e| e.task)
        .filter(|t| (*t as usize) < w.tasks.len())
        .unwrap_or(0);
    let Some(t) = w.tasks.get(task_id as usize) else {
        return html! {};
    };
    let name = props.trace.0.task_name(task_id).to_string();
    let calls = if props.mode == Mode::Callback {
        callbacks(&props.trace.0, props.step, task_id)
    } else {
        Vec::new()
    };
    let body = match props.mode {
        Mode::List => list_view(t),
        Mode::Array => array_view(t, array_cursor(props.event)),
        Mode::Callback => callback_view(&calls, t.bio.is_some(), &name),
    };
    let title = match props.mode {
        Mode::List => "list (page->lru)",
        Mode::Array => "page-pointer array",
        Mode::Callback => "callback cb(page, data)",
    };
    html! {
        <section class={classes!("panel", "delivery", format!("mode-{}", props.mode))} aria-labelledby="dest-h">
            <h2 id="dest-h">{ format!("What {name} holds: {title}") }</h2>
            { body }
            { bio_view(t) }
            { if !t.held.is_empty() { html! { <p class="muted held">{ format!("{} pages held individually", t.held.len()) }</p> } } else { html! {} } }
            { if t.stats.garbage { html! { <p class="error" role="alert">{ "The array was never zeroed: stale pointers counted as pages and the caller now uses garbage." }</p> } } else { html! {} } }
        </section>
    }
}
