//! The first module's app: what the first render of a link to a preset's step needs, and no
//! more. The simulator, the narration of the step, the player (controls, timeline, keys,
//! playback, the address bar) and the panels of the step view, with the header's pickers of
//! presets, modes and semantics. Everything else is the whole app's (`crate::full`), loaded on
//! first use: a button or a key that needs it hands the page over (`Player::upgrade`), and so
//! does any link this one cannot open exactly as the whole app would (`open`).

use crate::app::page_title;
use crate::components::step_panels::StepPanels;
use crate::components::{
    controls::Controls,
    delivery::DeliveryPanel,
    header::Header,
    mempool::MempoolPanel,
    narration::NarrationPanel,
    phase_strip::{next_entries, strip_props, PhaseStrip, PhaseStripProps},
    timeline::Timeline,
};
use crate::hooks::address_bar::{current_search, write};
use crate::hooks::stages::{use_stages, Stage};
use crate::hooks::{keyboard::use_keyboard, playback::use_playback};
use crate::marks;
use crate::state::lite::query_of;
use crate::state::{Action, Choice, HelpTab, Player, View};
use bulkpool_allocator::explain::narrate::narrate;
use bulkpool_allocator::explain::outcome::{classify, outcome};
use bulkpool_allocator::explain::source::source_of_run;
use bulkpool_allocator::model::version::MODEL;
use bulkpool_allocator::scenario::presets;
use bulkpool_allocator::{Mode, Semantics};
use yew::prelude::*;

/// The player of a link this module opens exactly as the whole app would: a preset (`s=`) in
/// this model (`m=`), with a mode, a semantics, a step, the step view and `embed=1`, each
/// readable, the choice running as asked and the step within the run. Anything else (no
/// query at all, which may offer the tour; a user's scenario; another model; the compare
/// view; a tour stop; any part the whole app would have a notice about) is `None`.
pub fn open(search: &str) -> Option<Player> {
    let query = search.strip_prefix('?').unwrap_or(search);
    let mut preset = None;
    let (mut mode, mut semantics, mut step, mut embed, mut model) = (None, None, 0, false, None);
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match (k.as_ref(), v.as_ref()) {
            ("v", "1") => {}
            ("m", m) => model = Some(m.parse::<u32>().ok()?),
            ("s", s) => preset = Some(presets::find(s)?),
            ("mode", m) => mode = Some(Mode::parse(m).ok()?),
            ("sem", s) => semantics = Some(Semantics::parse(s).ok()?),
            ("step", n) => step = n.parse::<u32>().ok()? as usize,
            ("view", "step" | "main") => {}
            ("embed", "1" | "true") => embed = true,
            ("embed", "0" | "false") => {}
            _ => return None,
        }
    }
    if model != Some(MODEL) {
        return None;
    }
    let mut choice = Choice::of(preset?);
    if let Some(m) = mode {
        choice.mode = m;
    }
    choice.semantics = semantics;
    let mut p = Player::lite_open(choice, step)?;
    p.embed = embed;
    Some(p)
}

/// The player `open` made of the page's link, compared by identity.
#[derive(Clone)]
pub struct Start(pub std::rc::Rc<Player>);

impl PartialEq for Start {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct LiteProps {
    pub start: Start,
    /// Hands the page over to the whole app (`crate::full`), to do this first.
    pub hand_over: Callback<String>,
}

#[function_component]
pub fn Lite(props: &LiteProps) -> Html {
    let start = props.start.0.clone();
    let player = use_reducer(move || (*start).clone());
    let dispatch = player.dispatcher();
    use_keyboard(dispatch.clone());
    use_playback(player.playing, player.step_ms(), dispatch.clone());
    // An action for the whole app: hand over (again at each ask, in case the last load failed;
    // `mount`'s callback ignores an ask while a load is under way).
    {
        let hand_over = props.hand_over.clone();
        use_effect_with(player.upgrade.clone(), move |u| {
            if let Some((_, then)) = u {
                hand_over.emit(then.clone());
            }
        });
    }
    // The address bar follows the player (not while playing); Back and Forward are the whole
    // app's.
    {
        let first = use_mut_ref(|| true);
        use_effect_with(
            (
                player.choice.clone(),
                player.step,
                player.playing,
                player.embed,
            ),
            move |(choice, step, playing, embed)| {
                if !playing {
                    if let Some(q) = query_of(choice, *step, *embed) {
                        write(&q, !std::mem::replace(&mut *first.borrow_mut(), false));
                    }
                }
            },
        );
        let hand_over = props.hand_over.clone();
        use_effect_with((), move |_| {
            let listener =
                gloo_events::EventListener::new(&gloo_utils::window(), "popstate", move |_| {
                    hand_over.emit(String::new())
                });
            move || drop(listener)
        });
    }
    use_effect_with((player.choice.clone(), player.step), |(choice, step)| {
        gloo_utils::document().set_title(&page_title(choice, *step, View::Main));
    });
    use_effect_with(player.moves, |_| marks::measure_step_render());
    // The first screen in three passes, a task apart (P3b): the header, the controls and the
    // narration; then the timeline and the state panels; then the rest.
    let stage = use_stages(true, false);
    let (panels, all) = (stage >= Stage::Panels, stage == Stage::All);
    // A reader with saved scenarios finds them under "Mine" in the scenario picker, which the
    // whole app lists: it takes over once the first screen is complete. Not sooner: a page's
    // first read of localStorage waits for the browser to open the site's storage (1.1-4.0 ms
    // in fresh contexts here), which the first render need not wait for (docs/PERFORMANCE.md,
    // sixth round).
    {
        let hand_over = props.hand_over.clone();
        use_effect_with(all, move |&all| {
            if all && crate::saved::any() {
                hand_over.emit(String::new());
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
    let next = use_memo((p.trace.clone(), p.main_step()), |(t, step)| {
        next_entries(&t.0.events, *step)
    });
    let strip = PhaseStripProps {
        on_flags: Some({
            let d = dispatch.clone();
            Callback::from(move |()| d.dispatch(Action::OpenHelp(HelpTab::Notation)))
        }),
        next: *next,
        on_seek: Some({
            let d = dispatch.clone();
            Callback::from(move |to| marks::dispatch(&d, Action::Seek(to)))
        }),
        ..strip_props(
            &world.0,
            event,
            &event.map(|e| names(e.task)).unwrap_or_default(),
        )
    };
    let notice = p.notice.clone().map(|n| {
        let d = dispatch.clone();
        html! {
            <div class="notice" role="status">{ n }
                <button class="dismiss" aria-label="Dismiss" onclick={Callback::from(move |_| d.dispatch(Action::DismissNotice))}>{ "×" }</button>
            </div>
        }
    });
    // Buttons of the whole app: the first click hands over; pointing at one starts loading it.
    let wants = |then: &'static str| {
        let h = props.hand_over.clone();
        Callback::from(move |_: MouseEvent| h.emit(then.to_string()))
    };
    let soon = Callback::from(|_: PointerEvent| crate::full::prefetch());
    if p.embed {
        let link = crate::hooks::address_bar::address(
            &query_of(&p.choice, p.step, false).unwrap_or_default(),
        );
        return html! {
            <div class="app embed" data-module="first">
                { notice.unwrap_or_default() }
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
                    <a class="full-view" href={link} target="_blank" rel="noopener">{ "Open in bulkpool ↗" }</a>
                </p>
            </div>
        };
    }
    let import = html! {
        <button class="import-button" title="A scenario from your machine's /proc/zoneinfo and /proc/buddyinfo"
            onclick={wants("import")} onpointerenter={soon.clone()}>{ "From /proc…" }</button>
    };
    let legend = html! {
        <details class="legend-box" onclick={wants("legend")} onpointerenter={soon.clone()}>
            <summary>{ "Notation: F, C, pcp, gfp flags, source tags, colours" }</summary>
        </details>
    };
    html! {
        <div class="app" data-module="first">
            <Header choice={p.choice.clone()} semantics={trace.0.semantics} view={p.view} dispatch={dispatch.clone()} {import} {legend} />
            { if p.choice.scenario().policy_axes(trace.0.semantics, p.choice.mode).is_empty() { html! {} } else { html! {
                <details class="policies" onclick={wants("policies")} onpointerenter={soon.clone()}>
                    <summary>{ "Policies… " }<span class="muted">{ format!("{}'s own design choices", trace.0.semantics.short()) }</span></summary>
                </details>
            } } }
            { notice.unwrap_or_default() }
            <div class="bar">
                <PhaseStrip ..strip />
                <Controls step={p.step} total={p.len()} playing={p.playing} speed={p.speed} now_ms={world.0.now_ms} dispatch={dispatch.clone()} />
                <button class="explore-toggle" aria-pressed="false" title="Change the scenario's numbers and sweep one of them"
                    onclick={wants("explore")} onpointerenter={soon.clone()}>{ "Explore" }</button>
                <button class="predict-toggle" aria-pressed="false" title="Stop before the steps worth guessing and ask what happens next"
                    onclick={wants("predict")} onpointerenter={soon.clone()}>{ "Predict" }</button>
                <div class="share" onpointerenter={soon.clone()}>
                    <details class="share-menu" onclick={wants("copy")}>
                        <summary>{ "Copy ▾" }</summary>
                    </details>
                    <span class="share-status" role="status"></span>
                </div>
            </div>
            { if panels { html! {
                <Timeline tracks={vec![(AttrValue::default(), trace.clone(), None)]} step={p.step} total={p.len()} dispatch={dispatch.clone()} />
            } } else { html! {} } }
            <main class="grid">
                <div class="col col-state">
                    { if panels { panels_at.state() } else { html! {} } }
                </div>
                <div class="col col-dest">
                    <NarrationPanel text={AttrValue::from(narration)} source={source} step={p.step} {outcome} ended={ended} />
                    { if all { panels_at.delivery() } else { html! {} } }
                </div>
                <div class="col col-explain">
                    { if all { panels_at.explain() } else { html! {} } }
                </div>
            </main>
            <footer class="footer">
                { "bulkpool simulates Linux's page allocator and Yang Shi's mempool page bulk allocator proposal (2022–23). " }
                { "Help (?) explains the notation and the story; Tour walks through it. " }
                { format!("bulkpool {} · model {} · links in format {}.", env!("CARGO_PKG_VERSION"), MODEL, bulkpool_allocator::view::link::VERSION) }
            </footer>
        </div>
    }
}

/// The first module's start (`src/main.rs`): the page's link in this module's app if it can
/// open it (`open`), else the whole app at once. The app is mounted in an element of its own,
/// `#lite`, which goes when the whole app has taken over.
pub fn run() {
    // The start-up, in marks for the bench (docs/PERFORMANCE.md, P3b): the module is running,
    // then the link's run is simulated and its world at the step made; the first pass renders
    // a task later (`hooks::stages`), and `app-first-render` marks it up.
    marks::mark("module-start");
    let opened = open(&current_search());
    marks::mark("link-opened");
    let Some(start) = opened else {
        // `#loading` stays until the whole app is up.
        crate::full::hand_over(String::new(), |_| {});
        return;
    };
    gloo_timers::callback::Timeout::new(0, move || mount(start)).forget();
}

/// Mounts the first module's app on the player `open` made.
fn mount(start: Player) {
    use std::cell::RefCell;
    use std::rc::Rc;
    let document = gloo_utils::document();
    if let Some(loading) = document.get_element_by_id("loading") {
        loading.remove();
    }
    let (Ok(root), Some(body)) = (document.create_element("div"), document.body()) else {
        return;
    };
    root.set_id("lite");
    if body.append_child(&root).is_err() {
        return;
    }
    let handle = Rc::new(RefCell::new(None::<yew::AppHandle<Lite>>));
    let handing = Rc::new(std::cell::Cell::new(false));
    let hand_over: Callback<String> = {
        let (handle, root) = (handle.clone(), root.clone());
        Callback::from(move |then: String| {
            if handing.replace(true) {
                return;
            }
            let (handle, root, handing) = (handle.clone(), root.clone(), handing.clone());
            crate::full::hand_over(then, move |taken_over| {
                if !taken_over {
                    // Not loaded (the page says so): the next use tries again.
                    handing.set(false);
                    return;
                }
                if let Some(app) = handle.borrow_mut().take() {
                    app.destroy();
                }
                root.remove();
            });
        })
    };
    let props = LiteProps {
        start: Start(Rc::new(start)),
        hand_over,
    };
    let app = yew::Renderer::<Lite>::with_root_and_props(root, props).render();
    *handle.borrow_mut() = Some(app);
}
