//! The tasks: each one's state (running, sleeping with its countdown, blocked on the mutex…),
//! the pages it holds and its last result.

use crate::state::{TraceRef, WorldRef};
use bulkpool_allocator::model::world::TaskState;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TasksProps {
    pub world: WorldRef,
    pub trace: TraceRef,
    pub current: Option<u8>,
}

#[function_component]
pub fn TasksPanel(props: &TasksProps) -> Html {
    let w = &props.world.0;
    html! {
        <section class="panel tasks" aria-labelledby="tasks-h">
            <h2 id="tasks-h">{ "Tasks" }</h2>
            <table>
                <thead><tr><th scope="col">{ "task" }</th><th scope="col">{ "state" }</th><th scope="col">{ "pages" }</th><th scope="col" title="pages from the page allocator / from the mempool reserve">{ "allocator / reserve" }</th><th scope="col">{ "result" }</th></tr></thead>
                <tbody>
                    { for w.tasks.iter().enumerate().map(|(i, t)| {
                        let running = props.current == Some(i as u8) && t.state == TaskState::Runnable;
                        let (class, state) = match t.state {
                            TaskState::Runnable if running => ("running", "running".to_string()),
                            TaskState::Runnable => ("runnable", "runnable".to_string()),
                            TaskState::SleepingOnPool { deadline_ms, .. } => ("sleeping", format!("sleeping, {} s left", bulkpool_allocator::explain::units::tenths_of_seconds(deadline_ms.saturating_sub(w.now_ms)))),
                            TaskState::Io { until_ms } => ("io", format!("I/O until {until_ms} ms")),
                            TaskState::BlockedOnMutex => ("blocked", "blocked on bio_alloc_lock".to_string()),
                            TaskState::RetryingAlloc { .. } => ("looping", "looping in the page allocator (too small to fail)".to_string()),
                            TaskState::Done => ("done", "done".to_string()),
                        };
                        let result = t.stats.result_text();
                        html! {
                            <tr class={classes!("task", class)} data-task={props.trace.0.task_name(i as u8).to_string()}>
                                <th scope="row">{ props.trace.0.task_name(i as u8) }{ if t.holds_mutex { html! { <>{ " " }<span class="lock-badge" title="holds bio_alloc_lock">{ "lock" }</span></> } } else { html! {} } }</th>
                                <td class="state">{ state }</td>
                                <td class="num">{ t.page_count() }</td>
                                <td class="num">{ format!("{} / {}", t.stats.from_bulk, t.stats.from_pool) }</td>
                                <td class={classes!("result", t.stats.garbage.then_some("error"))}>{ if t.stats.garbage { format!("{result} (stale pointers!)") } else { result } }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            { if w.tasks.iter().any(|t| t.holds_mutex) { html! { <p class="muted tasks-note"><span class="lock-badge">{ "lock" }</span>{ " holds dm-crypt's bio_alloc_lock" }</p> } } else { html! {} } }
        </section>
    }
}
