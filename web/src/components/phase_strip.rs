//! The phase strip: bulk call → pool drain → sleepable retry → sleep/wake, the current phase
//! lit, the round number and the task's gfp mask as flags.

use bulkpool_allocator::trace::event::Phase;
use bulkpool_allocator::{Event, Gfp, World};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PhaseStripProps {
    pub event: Option<Event>,
    pub task_name: AttrValue,
    pub round: u32,
    pub gfp: Option<Gfp>,
}

/// Which strip stage a phase lights, if any.
pub fn stage(phase: Phase) -> Option<usize> {
    match phase {
        Phase::BulkCall | Phase::FirstPass => Some(0),
        Phase::PoolDrain => Some(1),
        Phase::SleepableRetry => Some(2),
        Phase::Sleep | Phase::Wake => Some(3),
        _ => None,
    }
}

/// The strip's inputs for the task of the current event.
pub fn strip_props(world: &World, event: Option<Event>, name: &str) -> PhaseStripProps {
    let call = event
        .and_then(|e| world.tasks.get(e.task as usize))
        .and_then(|t| t.call);
    PhaseStripProps {
        event,
        task_name: AttrValue::from(name.to_string()),
        round: call.map_or(0, |c| c.round),
        gfp: call.map(|c| c.gfp_temp),
    }
}

#[function_component]
pub fn PhaseStrip(props: &PhaseStripProps) -> Html {
    let phase = props.event.map(|e| e.phase);
    let lit = phase.and_then(stage);
    // Without a bulk API (mempool_alloc, v6.19's per-slot pass, dm-crypt's compound tries) the
    // first stage is a plain first attempt.
    let first = if phase == Some(Phase::FirstPass) {
        "First attempt"
    } else {
        "Bulk call"
    };
    let labels = [first, "Pool drain", "Sleepable retry", "Sleep / wake"];
    let other = match phase {
        Some(p) if lit.is_none() => p.name(),
        _ => "",
    };
    html! {
        <section class="phase-strip" aria-label="Phase">
            <ol class="phases">
                { for labels.iter().enumerate().map(|(i, l)| html! {
                    <>
                        { if i > 0 { html! { <li class="phase-sep" aria-hidden="true">{ "→" }</li> } } else { html! {} } }
                        <li class={classes!("phase", format!("ph{i}"), (lit == Some(i)).then_some("lit"))}
                            aria-current={(lit == Some(i)).then_some("step")}>{ *l }</li>
                    </>
                }) }
            </ol>
            <div class="phase-facts">
                <span class="phase-other">{ other }</span>
                <span class="round">{ if props.round > 0 { format!("{} · round {}", props.task_name, props.round) } else { props.task_name.to_string() } }</span>
                <span class="gfp">
                    { if props.gfp.is_some() { html! { <span class="sr-only">{ "gfp mask of this round: " }</span> } } else { html! {} } }
                    // "|" between the flags: the mask reads and copies as GFP_A|GFP_B.
                    { for props.gfp.iter().flat_map(|g| g.flag_names()).enumerate().map(|(i, f)| html! {
                        <>{ if i > 0 { html! { <span class="flag-sep">{ "|" }</span> } } else { html! {} } }<code class="flag">{ f }</code></>
                    }) }
                </span>
            </div>
        </section>
    }
}
