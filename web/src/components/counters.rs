//! The work counters, with what the current step added.

use bulkpool_allocator::model::world::{Work, DELIVERY_COUNTERS};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CountersProps {
    pub work: Work,
    pub prev: Work,
}

pub fn label(name: &str) -> &'static str {
    match name {
        "list_inserts" => "list inserts",
        "list_removes" => "list removes",
        "array_zeroing_writes" => "array zeroing writes",
        "array_reads" => "array reads",
        "array_writes" => "array writes",
        "callbacks" => "callbacks",
        "bvec_writes" => "bvec writes",
        "zone_lock" => "zone-lock holds",
        "pcp_lock" => "pcp-lock holds",
        "single_path_calls" => "single-page path calls",
        "pool_takes" => "pool takes",
        "pool_puts" => "pool puts",
        "wakeups" => "wake_up calls",
        "sleeps" => "sleeps",
        "timeouts" => "timeouts",
        _ => "?",
    }
}

#[function_component]
pub fn CountersPanel(props: &CountersProps) -> Html {
    let now = props.work.named();
    let before = props.prev.named();
    html! {
        <section class="panel counters" aria-labelledby="work-h">
            <h2 id="work-h">{ "Work counters" }</h2>
            <table>
                <tbody>
                    { for now.iter().zip(before.iter()).map(|((name, v), (_, b))| html! {
                        <tr class={classes!((v > b).then_some("changed"))} data-counter={*name}>
                            <th scope="row">{ label(name) }</th>
                            <td class="num">{ v }</td>
                            <td class="delta">{ if v > b { format!("+{}", v - b) } else { String::new() } }</td>
                        </tr>
                    }) }
                    <tr class="total"><th scope="row">{ format!("delivery work (sum of the first {DELIVERY_COUNTERS} rows)") }</th><td class="num">{ props.work.delivery_total() }</td><td></td></tr>
                </tbody>
            </table>
        </section>
    }
}
