//! The features of the second WebAssembly module (`crate::lazy`), each a Yew app of its own
//! mounted into an element the player gives it: the help, the notation, the tour's card and
//! offer, Explore (knobs, sweeps and the design matrix), the editor, Mine, the importer and
//! the notice over a link of another model;
//! and the functions the player calls (`call`: the texts of Copy ▾, Predict's questions).
//!
//! `src/bin/extra.rs` exports these to JavaScript; the player's module never links them (it
//! reaches them only through `crate::lazy`), which is what keeps its download small. Browser
//! tests register them with `lazy::use_local` and run both apps in one module.

use crate::bridge::{
    ChoiceArgs, ExploreArgs, HelpArgs, ModelArgs, Msg, NoArgs, ShareArgs, TourArgs,
};
use crate::components::explore::{ExplorePanel, ScenarioRef};
use crate::components::{
    editor::ScenarioEditor, help::HelpOverlay, import::ImportDialog, legend::legend_body,
    matrix::MatrixPanel, mine::MineDialog, model_notice::ModelNotice, share::ShareMenu,
    tour::TourCard, tour::TourOffer,
};
use crate::lazy::Mounted;
use crate::state::Action;
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::Element;
use yew::prelude::*;
use yew::AppHandle;

mod calls;
pub use calls::call;

#[derive(Properties, PartialEq)]
pub struct FeatureProps {
    pub kind: AttrValue,
    /// JSON (`crate::bridge`).
    pub args: AttrValue,
    pub send: Callback<Msg>,
}

fn parse<T: DeserializeOwned>(args: &str) -> Result<T, String> {
    serde_json::from_str(args).map_err(|e| e.to_string())
}

fn refused(kind: &str, why: &str) -> Html {
    html! { <p class="notice lazy-failed" role="alert">{ format!("bulkpool could not show {kind}: {why}.") }</p> }
}

/// Mine, with the saved scenarios it keeps up to date (the player reads them again on
/// `Msg::Saved`).
#[derive(Properties, PartialEq)]
struct MineProps {
    args: Rc<crate::state::Choice>,
    dispatch: Callback<Action>,
    send: Callback<Msg>,
}

#[function_component]
fn Mine(props: &MineProps) -> Html {
    let saved = use_state(|| Rc::new(crate::saved::load()));
    let on_saved = {
        let (saved, send) = (saved.clone(), props.send.clone());
        Callback::from(move |list: Vec<crate::saved::Saved>| {
            saved.set(Rc::new(list));
            send.emit(Msg::Saved);
        })
    };
    html! {
        <MineDialog choice={(*props.args).clone()} saved={(*saved).clone()} {on_saved} dispatch={props.dispatch.clone()} />
    }
}

/// One feature, by kind.
#[function_component]
pub fn Feature(props: &FeatureProps) -> Html {
    let send = props.send.clone();
    let dispatch = Callback::from(move |a: Action| {
        if let Some(m) = Msg::of(a) {
            send.emit(m);
        }
    });
    let kind = props.kind.as_str();
    let args = props.args.as_str();
    let shown = match kind {
        "help" => parse::<HelpArgs>(args)
            .map(|a| html! { <HelpOverlay tab={a.tab} {dispatch} /> }),
        "legend" => parse::<NoArgs>(args).map(|_| legend_body("h2")),
        "tour" => parse::<TourArgs>(args).map(|a| match a.stop {
            Some(stop) => html! { <TourCard {stop} {dispatch} /> },
            None => html! { <TourOffer resume={a.resume} {dispatch} /> },
        }),
        "editor" => parse::<ChoiceArgs>(args).and_then(|a| {
            let choice = a.choice.choice()?;
            Ok(html! { <ScenarioEditor {choice} {dispatch} /> })
        }),
        "mine" => parse::<ChoiceArgs>(args).and_then(|a| {
            let choice = Rc::new(a.choice.choice()?);
            Ok(html! { <Mine args={choice} {dispatch} send={props.send.clone()} /> })
        }),
        "import" => parse::<NoArgs>(args).map(|_| {
            let send = props.send.clone();
            html! { <ImportDialog {dispatch} on_close={Callback::from(move |()| send.emit(Msg::Close))} /> }
        }),
        "explore" => parse::<ExploreArgs>(args).map(|a| explore(a, &dispatch)),
        "share" => parse::<ShareArgs>(args).map(|a| html! {
            <ShareMenu query={AttrValue::from(a.query)} step={a.step} total={a.total} open={a.open} />
        }),
        "model-notice" => parse::<ModelArgs>(args).map(|a| {
            let send = props.send.clone();
            html! {
                <ModelNotice model={a.model} query={AttrValue::from(a.query)}
                    on_stay={Callback::from(move |()| send.emit(Msg::Done))} />
            }
        }),
        _ => Err("no such feature".into()),
    };
    shown.unwrap_or_else(|e| refused(kind, &e))
}

/// The Explore panel and the design matrix under it.
fn explore(a: ExploreArgs, d: &Callback<Action>) -> Html {
    let on_change = d.reform(|sc| Action::Explore(Box::new(sc)));
    let on_reset = d.reform(|()| Action::ResetExplore);
    let on_open = d.reform(|(sc, mode, sem)| Action::OpenPoint(Box::new(sc), mode, sem));
    let open_row = d.reform(|(sc, mode): (bulkpool_allocator::Scenario, _)| {
        let sem = sc.semantics;
        Action::OpenPoint(Box::new(sc), mode, sem)
    });
    let base = a.base.map(AttrValue::from);
    html! {
        <>
            <ExplorePanel scenario={ScenarioRef(Rc::new(a.scenario.clone()))} mode={a.mode}
                {base} {on_change} {on_reset} {on_open} />
            <MatrixPanel scenario={a.scenario} semantics={a.semantics} mode={a.mode} on_open={open_row} />
        </>
    }
}

/// A mounted feature: its app, updated with new arguments, destroyed when the player lets go.
struct App {
    handle: RefCell<Option<AppHandle<Feature>>>,
    kind: AttrValue,
    send: Callback<Msg>,
}

impl Mounted for App {
    fn update(&self, args: &str) {
        if let Some(h) = self.handle.borrow_mut().as_mut() {
            h.update(FeatureProps {
                kind: self.kind.clone(),
                args: AttrValue::from(args.to_string()),
                send: self.send.clone(),
            });
        }
    }

    fn unmount(&self) {
        if let Some(h) = self.handle.borrow_mut().take() {
            h.destroy();
        }
    }
}

/// Mounts feature `kind` into `host` with `args`; its messages go to `send` as JSON.
pub fn mount(kind: &str, host: &Element, args: &str, send: Rc<dyn Fn(String)>) -> Box<dyn Mounted> {
    let send = Callback::from(move |m: Msg| send(m.to_json()));
    let kind = AttrValue::from(kind.to_string());
    let props = FeatureProps {
        kind: kind.clone(),
        args: AttrValue::from(args.to_string()),
        send: send.clone(),
    };
    let handle = yew::Renderer::<Feature>::with_root_and_props(host.clone(), props).render();
    Box::new(App {
        handle: RefCell::new(Some(handle)),
        kind,
        send,
    })
}
