//! The phase strip: bulk call → pool drain → sleepable retry → sleep/wake, the current phase
//! lit (each stage a button to the step where it next begins), the round number and the task's
//! gfp mask as flags, each with its meaning on hover and a button to the help's list of flags.

use bulkpool_allocator::trace::event::Phase;
use bulkpool_allocator::{Event, Gfp, World};

#[cfg(test)]
mod tests;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PhaseStripProps {
    pub event: Option<Event>,
    pub task_name: AttrValue,
    pub round: u32,
    pub gfp: Option<Gfp>,
    /// Opens the list of gfp flags (the help's Notation).
    #[prop_or_default]
    pub on_flags: Option<Callback<()>>,
    /// Per stage, the step where the run next enters it (`next_entries`), and what a click on
    /// its pill does with it.
    #[prop_or_default]
    pub next: [Option<usize>; 4],
    #[prop_or_default]
    pub on_seek: Option<Callback<usize>>,
}

/// Per stage of the strip, the next step after `step` at which the run enters it (a step of
/// that stage whose event before is of another stage), if any.
pub fn next_entries(events: &[Event], step: usize) -> [Option<usize>; 4] {
    let mut out = [None; 4];
    let mut prev = step
        .checked_sub(1)
        .and_then(|i| events.get(i))
        .and_then(|e| stage(e.phase));
    for (i, e) in events.iter().enumerate().skip(step) {
        let st = stage(e.phase);
        if let Some(k) = st {
            if st != prev && out[k].is_none() {
                out[k] = Some(i + 1);
                if out.iter().all(Option::is_some) {
                    break;
                }
            }
        }
        prev = st;
    }
    out
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
        on_flags: None,
        next: [None; 4],
        on_seek: None,
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
                        <li class={classes!("phase-item")}>
                            { match (&props.on_seek, props.next[i]) {
                                (Some(seek), Some(to)) => {
                                    let seek = seek.clone();
                                    html! {
                                        <button class={classes!("phase", format!("ph{i}"), (lit == Some(i)).then_some("lit"))}
                                            aria-current={(lit == Some(i)).then_some("step")}
                                            title={format!("Jump to step {to}, where {} next begins", l.to_lowercase())}
                                            onclick={Callback::from(move |_| seek.emit(to))}>{ *l }</button>
                                    }
                                }
                                _ => html! {
                                    <span class={classes!("phase", format!("ph{i}"), (lit == Some(i)).then_some("lit"))}
                                        aria-current={(lit == Some(i)).then_some("step")}
                                        title={format!("{} does not begin again in this run", l)}>{ *l }</span>
                                },
                            } }
                        </li>
                    </>
                }) }
            </ol>
            <div class="phase-facts">
                <span class="phase-other">{ other }</span>
                <span class="round">{ if props.round > 0 { format!("{} · round {}", props.task_name, props.round) } else { props.task_name.to_string() } }</span>
                <span class="gfp">
                    { if props.gfp.is_some() { html! { <span class="sr-only">{ "gfp mask of this round: " }</span> } } else { html! {} } }
                    // "|" between the flags: the mask reads and copies as GFP_A|GFP_B, spelled as
                    // the narration spells it (Gfp::parts).
                    { for props.gfp.iter().flat_map(|g| bulkpool_allocator::explain::flags::explained(*g)).enumerate().map(|(i, (f, meaning))| html! {
                        <>{ if i > 0 { html! { <span class="flag-sep">{ "|" }</span> } } else { html! {} } }<code class="flag" title={format!("{f}: {meaning}")}>{ f }</code></>
                    }) }
                    { match &props.on_flags { Some(cb) if props.gfp.is_some() => {
                        let cb = cb.clone();
                        html! { <button class="flags-help" title="What these gfp flags mean" aria-label="What these gfp flags mean" onclick={Callback::from(move |_| cb.emit(()))}>{ "?" }</button> }
                    } _ => html! {} } }
                </span>
            </div>
        </section>
    }
}
