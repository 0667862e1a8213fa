//! The root component: one screen that renders the player's trace at its step.

use crate::components::editor::ScenarioEditor;
use crate::components::explore::{ExplorePanel, ScenarioRef};
use crate::components::matrix::MatrixPanel;
use crate::components::policies::PoliciesPanel;
use crate::components::step_panels::StepPanels;
use crate::components::{
    compare::{CompareView, LaneStatus},
    controls::Controls,
    delivery::DeliveryPanel,
    header::Header,
    help::HelpOverlay,
    mempool::MempoolPanel,
    mine::MineDialog,
    model_notice::ModelNotice,
    narration::NarrationPanel,
    phase_strip::{next_entries, strip_props, PhaseStrip, PhaseStripProps},
    predict::PredictPanel,
    share::ShareMenu,
    timeline::Timeline,
    tour::{TourCard, TourOffer},
};
use crate::hooks::address_bar::{self, use_address_bar};
use crate::hooks::stages::{use_stages, Stage};
use crate::hooks::{keyboard::use_keyboard, playback::use_playback};
use crate::marks;
use crate::state::{Action, Choice, LanesRef, Player, View};
use crate::url;
use bulkpool_allocator::explain::narrate::narrate;
use bulkpool_allocator::explain::outcome::{classify, outcome};
use bulkpool_allocator::explain::source::source_of_run;
use yew::prelude::*;

/// Where the app starts; `None` reads the page's URL.
#[derive(Clone, Debug, PartialEq)]
pub struct Start {
    pub choice: Choice,
    pub step: usize,
    pub view: View,
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub start: Option<Start>,
    /// What to do first, having taken over from the first module (`state::lite::upgrade_for`).
    #[prop_or_default]
    pub then: Option<AttrValue>,
    /// The page's link, already opened (`open_page`): the whole app opening a page load.
    #[prop_or_default]
    pub opened: Option<crate::lite::Start>,
    /// The first screen in passes a task apart (`hooks::stages`): a page load.
    #[prop_or_default]
    pub staged: bool,
}

/// The player of the page's query: its view, the tour's stored progress, and the tour offered
/// on a first visit with no link. `behind`: what a long run shows while it is generated.
pub fn open_page(search: &str, behind: Option<&Player>) -> Player {
    let mut p = url::player_behind(search, behind);
    crate::tour_store::start(&mut p, search);
    p
}

/// 990000 → "990,000"
fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "s5 step 36 — bulkpool"; a variant of a preset says so: "s8 variant step 65 — bulkpool".
pub fn page_title(choice: &Choice, step: usize, view: View) -> String {
    let view = if view == View::Compare {
        " (compare)"
    } else {
        ""
    };
    let name = match (choice.variant(), choice.root()) {
        (Some(_), Some(root)) => format!("{} variant", root.id),
        _ => choice.id(),
    };
    match step {
        0 => format!("{name}{view} — bulkpool"),
        n => format!("{name} step {n}{view} — bulkpool"),
    }
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let start = props.start.clone();
    let urls = start.is_none();
    let opened = props.opened.clone();
    let player = use_reducer(move || match (start, opened) {
        (Some(s), _) => Player::new(s.choice, s.step, s.view, None),
        (None, Some(opened)) => (*opened.0).clone(),
        (None, None) => open_page(&address_bar::current_search(), None),
    });
    let dispatch = player.dispatcher();
    // A link made with another model: which, and the query as opened (for its archived build).
    let other_model = use_state(move || {
        urls.then(|| {
            let query = address_bar::current_search();
            url::other_model(&query).map(|model| (model, query))
        })
        .flatten()
    });
    // Saved scenarios: read from local storage once, then kept up to date by the dialog.
    let saved = use_state(|| std::rc::Rc::new(crate::saved::load()));
    let on_saved = {
        let saved = saved.clone();
        Callback::from(move |list: Vec<crate::saved::Saved>| saved.set(std::rc::Rc::new(list)))
    };
    use_keyboard(dispatch.clone());
    use_playback(player.playing, player.step_ms(), dispatch.clone());
    crate::generate::use_generation(player.loading.clone(), dispatch.clone());
    let loading = player.loading.is_some();
    // The address bar keeps a link the page could not use whole, as clicked, until the user
    // moves. A link of another model is rewritten to this model's (the view shown is this
    // model's; the notice keeps the original for the archived build).
    let keep_link = player.notice.is_some();
    use_address_bar(&player, dispatch.clone(), urls, keep_link);
    // The tab's title names the scenario and the step, for tabs, bookmarks and history.
    use_effect_with(
        (player.choice.clone(), player.step, player.view, loading),
        move |(choice, step, view, loading)| {
            if urls && !loading {
                gloo_utils::document().set_title(&page_title(choice, *step, *view));
            }
        },
    );
    // The tour's progress, kept for the next visit (not at the first render: an offer left
    // unanswered is made again).
    {
        let first = use_mut_ref(|| true);
        let p = (*player).clone();
        use_effect_with(
            (player.tour, player.tour_last, player.tour_done),
            move |_| {
                if !std::mem::replace(&mut *first.borrow_mut(), false) {
                    crate::tour_store::save(&p);
                }
            },
        );
    }
    // A step action moved the step: measure from its mark to now. Children's effects (the
    // frame map's canvas) have run when this one runs.
    use_effect_with(player.moves, |_| marks::measure_step_render());
    // A page load renders the first screen in passes (P3b): the header, the controls and the
    // narration; then the timeline and the state panels; then the rest.
    let stage = use_stages(props.staged, loading);
    let (panels, all) = (stage >= Stage::Panels, stage == Stage::All);
    // While a page load's long run is generated, its first pass is the header, the controls
    // and the progress: the player behind it is a placeholder, whose narration would tell
    // another run's step; the run's own comes with it.
    let held = loading && stage == Stage::First;
    // Taking over from the first module: do what was asked there.
    {
        let d = dispatch.clone();
        use_effect_with(props.then.clone(), move |then| {
            if let Some(then) = then {
                crate::full_start::then(then, &d);
            }
        });
    }

    let p = &*player;
    let trace = p.trace.clone();
    let world = p.world.clone();
    let event = p.event().copied();
    let names = |id: u8| trace.0.task_name(id).to_string();
    let narration = event
        .map(|e| narrate(&e, &world.0, trace.0.rules(), &names))
        .unwrap_or_else(|| format!("{}: {}", p.choice.title(), p.choice.lesson()));
    let at_end = p.main_step() >= trace.0.len() && !trace.0.is_empty();
    let outcome = at_end.then(|| AttrValue::from(outcome(&trace.0)));
    let ended = at_end.then(|| classify(&trace.0));
    let source = event.map(|e| source_of_run(&e, trace.0.rules()));
    let panels_at = StepPanels::of(p);
    let strip = strip_props(
        &world.0,
        event,
        &event.map(|e| names(e.task)).unwrap_or_default(),
    );
    let next = use_memo((p.trace.clone(), p.main_step()), |(t, step)| {
        next_entries(&t.0.events, *step)
    });
    let strip = {
        let d = dispatch.clone();
        let seek = dispatch.clone();
        PhaseStripProps {
            on_flags: Some(Callback::from(move |()| {
                d.dispatch(Action::OpenHelp(crate::state::HelpTab::Notation))
            })),
            next: *next,
            on_seek: Some(Callback::from(move |to| {
                marks::dispatch(&seek, Action::Seek(to))
            })),
            ..strip
        }
    };
    let notice = p.notice.clone().map(|n| {
        let d = dispatch.clone();
        html! {
            <div class="notice" role="status">{ n }
                <button class="dismiss" aria-label="Dismiss" onclick={Callback::from(move |_| d.dispatch(Action::DismissNotice))}>{ "×" }</button>
            </div>
        }
    });
    // A long run being generated: how far, and a way to stop.
    let generating = match &p.loading {
        Some(l) => {
            let d = dispatch.clone();
            let pct = (l.events * 100 / l.estimate.max(1)).min(100);
            html! {
                <div class="generating" role="status">
                    <span>{ format!("Generating the run: {} events so far (at most {}).", group(l.events), group(l.estimate)) }</span>
                    <progress max="100" value={pct.to_string()} aria-label="generated, as a share of the most the run can have"></progress>
                    <button class="cancel-loading" onclick={Callback::from(move |_| d.dispatch(Action::CancelLoading))}>{ "Cancel" }</button>
                </div>
            }
        }
        None => html! {},
    };
    let link_at = {
        let (choice, view, by) = (p.choice.clone(), p.view, p.lanes_by);
        Callback::from(move |step: usize| {
            AttrValue::from(address_bar::address(&url::query(
                &choice, step, view, by, false,
            )))
        })
    };
    let model_notice = match &*other_model {
        Some((model, query)) => {
            let other_model = other_model.clone();
            html! {
                <ModelNotice model={*model} query={AttrValue::from(query.clone())}
                    preset={p.choice.root().map(|r| AttrValue::from(r.id))}
                    on_stay={Callback::from(move |()| other_model.set(None))} />
            }
        }
        None => html! {},
    };
    if p.embed {
        let link = address_bar::address(&url::query(&p.choice, p.step, p.view, p.lanes_by, false));
        return html! {
            <div class={classes!("app", "embed", p.playing.then_some("playing"))}>
                { model_notice.clone() }
                { notice.clone().unwrap_or_default() }
                { generating.clone() }
                <div class="bar">
                    <PhaseStrip ..strip />
                    <Controls step={p.step} total={p.len()} playing={p.playing} speed={p.speed} now_ms={world.0.now_ms} dispatch={dispatch.clone()} />
                </div>
                <main class="embed-grid">
                    <NarrationPanel text={AttrValue::from(narration)} source={source} step={p.step} {outcome} ended={ended.clone()} />
                    <div class="embed-side">
                        <MempoolPanel world={world.clone()} trace={trace.clone()} event={event} />
                        <DeliveryPanel world={world.clone()} trace={trace.clone()} step={p.main_step()} mode={trace.0.mode} event={event} />
                    </div>
                </main>
                <p class="embed-foot">
                    <b>{ format!("{} · {} · {}", p.choice.id(), trace.0.mode, trace.0.semantics.short()) }</b>{ " · " }
                    <a class="full-view" href={link.clone()} target="_blank" rel="noopener">{ "Open in bulkpool ↗" }</a>
                </p>
            </div>
        };
    }
    // A question waits: what would give its answer away is held back (U5).
    let asking = p.predict.as_ref().is_some_and(|pr| pr.pending.is_some());
    let (tracks, status) = match (p.view, &p.lanes) {
        (View::Compare, Some(lanes)) => (
            lanes
                .iter()
                .filter_map(|l| {
                    l.run.as_ref().ok().map(|r| {
                        let at = (p.align != crate::state::Align::Step).then_some(r.at);
                        (AttrValue::from(l.name()), r.trace.clone(), at)
                    })
                })
                .collect(),
            html! { <LaneStatus lanes={LanesRef(lanes.clone())} step={p.step} /> },
        ),
        _ => (
            vec![(AttrValue::default(), trace.clone(), None)],
            html! { <PhaseStrip ..strip /> },
        ),
    };
    let explore = if p.explore {
        let d = dispatch.clone();
        let on_change = Callback::from(move |sc| d.dispatch(Action::Explore(Box::new(sc))));
        let d = dispatch.clone();
        let on_reset = Callback::from(move |_| d.dispatch(Action::ResetExplore));
        let d = dispatch.clone();
        let on_open = Callback::from(move |(sc, mode, sem)| {
            d.dispatch(Action::OpenPoint(Box::new(sc), mode, sem))
        });
        let base = p
            .choice
            .is_custom()
            .then(|| p.choice.root().map(|r| AttrValue::from(r.id)))
            .flatten();
        let d = dispatch.clone();
        let open_row = Callback::from(
            move |(sc, mode): (bulkpool_allocator::Scenario, bulkpool_allocator::Mode)| {
                let sem = sc.semantics;
                d.dispatch(Action::OpenPoint(Box::new(sc), mode, sem))
            },
        );
        html! {
            <>
            <ExplorePanel scenario={ScenarioRef(std::rc::Rc::new(p.choice.own_scenario()))} mode={p.choice.mode}
                {base} {on_change} {on_reset} {on_open} />
            <MatrixPanel scenario={p.choice.own_scenario()} semantics={trace.0.semantics} mode={p.choice.mode} on_open={open_row} />
            </>
        }
    } else {
        html! {}
    };
    let body = match (p.view, &p.lanes) {
        // The lanes, each a run's state: the last pass.
        (View::Compare, Some(_)) if !all => html! {},
        (View::Compare, Some(lanes)) => html! {
            <main class="compare-main">
                <CompareView lanes={LanesRef(lanes.clone())} step={p.step} by={p.lanes_by}
                    axes={p.choice.scenario().policy_axes(trace.0.semantics, p.choice.mode)}
                    on_by={{ let d = dispatch.clone(); Callback::from(move |by| d.dispatch(Action::SetLanesBy(by))) }}
                    align={p.align} on_align={{ let d = dispatch.clone(); Callback::from(move |a| d.dispatch(Action::SetAlign(a))) }} />
            </main>
        },
        _ => html! {
            <main class="grid">
                <div class="col col-state">
                    { if panels { panels_at.state() } else { html! {} } }
                </div>
                <div class="col col-dest">
                    { match &p.predict { Some(pr) => html! { <PredictPanel predict={pr.clone()} step={p.main_step()} dispatch={dispatch.clone()} /> }, None => html! {} } }
                    <NarrationPanel text={AttrValue::from(narration)} source={source} step={p.step} {outcome} ended={ended.clone()} />
                    { if all { panels_at.delivery() } else { html! {} } }
                </div>
                <div class="col col-explain">
                    { explore.clone() }
                    { if all { panels_at.explain() } else { html! {} } }
                </div>
            </main>
        },
    };
    html! {
        <div class={classes!("app", p.playing.then_some("playing"))}>
            { model_notice }
            <Header choice={p.choice.clone()} semantics={trace.0.semantics} view={p.view} saved={(*saved).clone()} dispatch={dispatch.clone()}
                hold_back={asking} open_saved={{
                    let (d, saved) = (dispatch.clone(), saved.clone());
                    Callback::from(move |i: usize| {
                        if let Some(s) = saved.get(i) {
                            d.dispatch(Action::Select(crate::components::mine::open_saved(s)));
                        }
                    })
                }} import={html! { <crate::components::import::ImportButton dispatch={dispatch.clone()} /> }}
                legend={html! { <crate::components::legend::Legend ready={all} /> }} />
            { match p.tour {
                Some(i) => html! { <TourCard stop={i} dispatch={dispatch.clone()} /> },
                None if p.tour_offer => html! {
                    <TourOffer resume={(p.tour_last > 0 && !p.tour_done).then_some(p.tour_last)} dispatch={dispatch.clone()} />
                },
                None => html! {},
            } }
            { if panels { html! {
                <PoliciesPanel scenario={p.choice.own_scenario()} mode={p.choice.mode} rules={trace.0.rules()}
                    on_change={{ let d = dispatch.clone(); Callback::from(move |sc| d.dispatch(Action::Explore(Box::new(sc)))) }} />
            } } else { html! {} } }
            { notice.clone().unwrap_or_default() }
            { generating.clone() }
            <div class="bar">
                { status }
                <Controls step={p.step} total={p.len()} playing={p.playing} speed={p.speed} now_ms={world.0.now_ms} dispatch={dispatch.clone()} />
                <button class={classes!("explore-toggle", p.explore.then_some("on"))} aria-pressed={p.explore.to_string()}
                    title="Change the scenario's numbers and sweep one of them"
                    onclick={{ let d = dispatch.clone(); Callback::from(move |_| d.dispatch(Action::ToggleExplore)) }}>{ "Explore" }</button>
                <button class={classes!("predict-toggle", p.predict.is_some().then_some("on"))} aria-pressed={p.predict.is_some().to_string()}
                    title="Stop before the steps worth guessing and ask what happens next"
                    onclick={{ let d = dispatch.clone(); Callback::from(move |_| d.dispatch(Action::TogglePredict)) }}>{ "Predict" }</button>
                <ShareMenu trace={trace.clone()} step={if p.view == View::Compare { p.step } else { p.main_step() }} {link_at}
                    variant={p.choice.variant().map(AttrValue::from)}
                    lanes={match (p.view, &p.lanes) {
                        (View::Compare, Some(l)) => l.iter().filter_map(|l| l.run.as_ref().ok().map(|r| r.trace.clone())).collect(),
                        _ => Vec::new(),
                    }} />
            </div>
            { if panels { html! {
                <Timeline {tracks} step={p.step} total={p.len()} dispatch={dispatch.clone()} fog={asking} />
            } } else { html! {} } }
            if !held { { body } }
            { if p.help { html! { <HelpOverlay tab={p.help_tab} dispatch={dispatch.clone()} /> } } else { html! {} } }
            { if p.editor { html! { <ScenarioEditor choice={p.choice.clone()} dispatch={dispatch.clone()} /> } } else { html! {} } }
            { if p.mine { html! { <MineDialog choice={p.choice.clone()} saved={(*saved).clone()} {on_saved} dispatch={dispatch.clone()} /> } } else { html! {} } }
            <footer class="footer">
                { "bulkpool simulates Linux's page allocator and Yang Shi's mempool page bulk allocator proposal (2022–23). " }
                { "Help (?) explains the notation and the story; Tour walks through it. " }
                { format!("bulkpool {} · model {} · links in format {}.", env!("CARGO_PKG_VERSION"), bulkpool_allocator::model::version::MODEL, bulkpool_allocator::view::link::VERSION) }
            </footer>
        </div>
    }
}
