//! The mempool reserve: a stack of `curr_nr` / `min_nr` with the top marked, the wait queue with
//! each sleeper's timeout countdown in simulated time, and wake-ups as they happen.

use crate::state::{TraceRef, WorldRef};
use bulkpool_allocator::model::world::TaskState;
use bulkpool_allocator::trace::event::EventKind;
use bulkpool_allocator::Event;
use yew::prelude::*;

const SHOWN: usize = 64;

#[derive(Properties, PartialEq)]
pub struct MempoolProps {
    pub world: WorldRef,
    pub trace: TraceRef,
    pub event: Option<Event>,
}

#[function_component]
pub fn MempoolPanel(props: &MempoolProps) -> Html {
    let w = &props.world.0;
    let Some(pool) = &w.pool else {
        return html! {
            <section class="panel mempool" aria-labelledby="pool-h"><h2 id="pool-h">{ "mempool reserve" }</h2><p class="muted">{ "This scenario has no mempool." }</p></section>
        };
    };
    let curr = pool.elements.len();
    let min = pool.min_nr as usize;
    let wake = match props.event.map(|e| e.kind) {
        Some(EventKind::WakeUp { woken }) => Some(woken),
        _ => None,
    };
    let slots = min.min(SHOWN);
    html! {
        <section class="panel mempool" aria-labelledby="pool-h">
            <h2 id="pool-h">{ "mempool reserve" }</h2>
            <p class="pool-stats"><span class="curr-nr">{ format!("curr_nr {curr}") }</span>{ format!(" / min_nr {min}") }
                { if let Some(k) = pool_kind(pool.kind) { html! { <span class="muted">{ k }</span> } } else { html! {} } }</p>
            <ol class="stack" reversed=true aria-label="reserve, top first">
                { for (0..slots).rev().map(|i| {
                    let page = pool.elements.get(i);
                    let top = page.is_some() && i + 1 == curr;
                    html! {
                        <li class={classes!("slot", page.map(|_| "full"), top.then_some("top"))}>
                            { page.map(|p| p.to_string()).unwrap_or_default() }
                            { if top { html! { <span class="top-mark">{ " ← top" }</span> } } else { html! {} } }
                        </li>
                    }
                }) }
                { if min > SHOWN { html! { <li class="slot more">{ format!("{} slots not drawn", min - SHOWN) }</li> } } else { html! {} } }
            </ol>
            <h3>{ "Wait queue" }</h3>
            { if pool.waiters.is_empty() { html! { <p class="muted waitq-empty">{ "empty" }</p> } } else { html! {} } }
            <ol class="waitq">
                { for pool.waiters.iter().map(|t| {
                    let task = w.task(*t);
                    let left = match task.state {
                        TaskState::SleepingOnPool { deadline_ms, .. } => deadline_ms.saturating_sub(w.now_ms),
                        _ => 0,
                    };
                    html! {
                        <li class="waiter">
                            <span class="name">{ props.trace.0.task_name(*t) }</span>
                            <span class="countdown" title="until the 5 s io_schedule_timeout">{ format!("{} s left", bulkpool_allocator::explain::units::tenths_of_seconds(left)) }</span>
                            <span class="holds">{ format!("holds {}", task.page_count()) }</span>
                        </li>
                    }
                }) }
            </ol>
            { match wake {
                Some(0) => html! { <p class="wake">{ "wake_up(): nobody waiting" }</p> },
                Some(n) => html! { <p class="wake hot">{ format!("wake_up(): {n} woken") }</p> },
                None => html! { <p class="wake"></p> },
            } }
            { if pool.n_allocated > 0 || matches!(pool.kind, bulkpool_allocator::model::world::PoolKind::DmCrypt { .. }) {
                html! { <p class="muted">{ format!("dm-crypt n_allocated_pages {}", pool.n_allocated) }</p> }
            } else { html! {} } }
        </section>
    }
}

fn pool_kind(kind: bulkpool_allocator::model::world::PoolKind) -> Option<String> {
    match kind {
        bulkpool_allocator::model::world::PoolKind::Page => None,
        bulkpool_allocator::model::world::PoolKind::DmCrypt { limit } => {
            Some(format!(" · dm-crypt, limit {limit} pages per client"))
        }
    }
}
