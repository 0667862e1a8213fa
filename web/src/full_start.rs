//! The whole app taking over the page from the first module (`crate::full`): `start` mounts it
//! (the extra module's `start`, `src/bin/extra.rs`), and `then` does what was asked in the first
//! module once its first render is up.

use crate::state::{lite::action_for, Player};
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::UseReducerDispatcher;

/// Mounts the whole app in an element of its own at the end of `<body>` (the first module's
/// app, in its own element, goes once this returns), to open the address bar's view, or the
/// query of "open:<query>". On a page load (the first module showed nothing: `#loading` is
/// still up) the simulator runs once a task later, the page's link is opened a task after that,
/// and the app mounts a task after that, its first screen in passes (`hooks::stages`), so that
/// the start-up is no long task (P3b).
pub fn start(then: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let then = match then.strip_prefix("open:") {
        Some(q) => {
            if let Ok(h) = gloo_utils::window().history() {
                let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(q));
            }
            None
        }
        None => (!then.is_empty()).then(|| yew::AttrValue::from(then.to_string())),
    };
    if doc.get_element_by_id("loading").is_some() {
        // Four tasks: this one (the module's start), the simulator's first run (a long run's
        // placeholder), opening the link (decoding a user's scenario, validating it,
        // simulating a short run), then the first pass.
        Timeout::new(0, move || {
            let behind = Player::placeholder();
            Timeout::new(0, move || {
                let search = crate::hooks::address_bar::current_search();
                let opened = crate::app::open_page(&search, Some(&behind));
                let opened = crate::lite::Start(std::rc::Rc::new(opened));
                Timeout::new(0, move || mount(&doc, then, Some(opened))).forget();
            })
            .forget();
        })
        .forget();
    } else {
        mount(&doc, then, None);
    }
}

fn mount(
    doc: &web_sys::Document,
    then: Option<yew::AttrValue>,
    opened: Option<crate::lite::Start>,
) {
    if let Some(loading) = doc.get_element_by_id("loading") {
        loading.remove();
    }
    let (Ok(root), Some(body)) = (doc.create_element("div"), doc.body()) else {
        return;
    };
    root.set_id("full");
    if body.append_child(&root).is_err() {
        return;
    }
    let staged = opened.is_some();
    let props = crate::AppProps {
        start: None,
        then,
        opened,
        staged,
    };
    yew::Renderer::<crate::App>::with_root_and_props(root, props).render();
}

/// Does what the first module was asked: a player action, or on the page itself, opening a
/// disclosure or pressing a button it has.
pub fn then(then: &str, player: &UseReducerDispatcher<Player>) {
    if let Some(a) = action_for(then) {
        player.dispatch(a);
        return;
    }
    let doc = gloo_utils::document();
    let open = |sel: &str| {
        if let Some(d) = doc
            .query_selector(sel)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlDetailsElement>().ok())
        {
            d.set_open(true);
        }
    };
    match then {
        "copy" => open(".share-menu"),
        "legend" => open(".legend-box"),
        "policies" => open("details.policies"),
        "import" => {
            if let Some(b) = doc
                .query_selector(".import-button")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                b.click();
            }
        }
        _ => {}
    }
}
