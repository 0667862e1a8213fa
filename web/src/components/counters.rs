//! The work counters, with what the current step added.

use bulkpool_allocator::model::world::{Work, DELIVERY_COUNTERS, DELIVERY_WORK};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CountersProps {
    pub work: Work,
    pub prev: Work,
}

#[function_component]
pub fn CountersPanel(props: &CountersProps) -> Html {
    let now = props.work.rows();
    let before = props.prev.named();
    html! {
        <section class="panel counters" aria-labelledby="work-h">
            <h2 id="work-h">{ "Work counters" }</h2>
            <table>
                <tbody>
                    { for now.iter().zip(before.iter()).map(|((name, label, v), (_, b))| html! {
                        <tr class={classes!((v > b).then_some("changed"))} data-counter={*name}>
                            <th scope="row">{ *label }</th>
                            <td class="num">{ v }</td>
                            <td class="delta">{ if v > b { format!("+{}", v - b) } else { String::new() } }</td>
                        </tr>
                    }) }
                    <tr class="total"><th scope="row" title={DELIVERY_WORK}>{ format!("delivery work (sum of the first {DELIVERY_COUNTERS} rows)") }</th><td class="num">{ props.work.delivery_total() }</td><td></td></tr>
                </tbody>
            </table>
        </section>
    }
}
