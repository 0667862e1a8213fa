//! The per-CPU list: its pages front (hot) to back, count/high/batch; a refill marks the pages
//! it appended and a drain says how many left from the back.

use crate::state::WorldRef;
use bulkpool_allocator::trace::event::EventKind;
use bulkpool_allocator::Event;
use yew::prelude::*;

/// At most this many pages are drawn; the rest are summarised.
const SHOWN: usize = 64;

#[derive(Properties, PartialEq)]
pub struct PcpProps {
    pub world: WorldRef,
    pub event: Option<Event>,
}

#[function_component]
pub fn PcpPanel(props: &PcpProps) -> Html {
    let pcp = &props.world.0.zone.pcp;
    let count = pcp.list.len();
    let refilled = match props.event.map(|e| e.kind) {
        Some(EventKind::PcpRefill { got, .. }) => got as usize,
        _ => 0,
    };
    let note = match props.event.map(|e| e.kind) {
        Some(EventKind::PcpRefill { got, wanted, .. }) => {
            format!("refilled {got} of {wanted} at the back")
        }
        Some(EventKind::PcpDrain { n, .. }) => format!("drained {n} from the back to the buddy"),
        Some(EventKind::Take {
            from: bulkpool_allocator::trace::event::From::Pcp,
            pfn,
            ..
        }) => format!("took page {pfn} from the front"),
        Some(EventKind::Free {
            to: bulkpool_allocator::trace::event::FreeTo::Pcp,
            pfn,
            ..
        }) => format!("page {pfn} freed to the front"),
        _ => String::new(),
    };
    html! {
        <section class="panel pcp" aria-labelledby="pcp-h">
            <h2 id="pcp-h">{ "Per-CPU list (pcp)" }</h2>
            <p class="pcp-stats">
                <span class="pcp-count">{ format!("C = {count}") }</span>{ " pages" }{ format!(" · high {} · batch {}", pcp.high, pcp.batch) }
                { if pcp.locked_by_other { html! { <span class="badge warn">{ " locked by a remote drain" }</span> } } else { html! {} } }
            </p>
            <p class="pcp-note" aria-live="off">{ note }</p>
            <ol class="chips pcp-list" aria-label="pages, front first">
                { for pcp.list.iter().take(SHOWN).enumerate().map(|(i, p)| html! {
                    <li class={classes!("chip", (i + refilled >= count && refilled > 0).then_some("fresh"), (i == 0).then_some("front"))}>{ p }</li>
                }) }
                { if count > SHOWN { html! { <li class="chip more">{ format!("+{} more", count - SHOWN) }</li> } } else { html! {} } }
            </ol>
        </section>
    }
}
