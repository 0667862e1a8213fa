//! Mounting helpers: each test renders into its own fresh element so tests cannot see each
//! other's DOM.
#![allow(dead_code)]

use bulkpool_allocator::{presets, simulate, EventKind, Mode, Trace};
use bulkpool_web::state::{Choice, View};
use bulkpool_web::{App, AppProps, Start};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

pub fn root() -> Element {
    let doc = gloo_utils::document();
    let el = doc.create_element("section").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

pub async fn mount_app(preset: &'static str, mode: Mode, step: usize, view: View) -> Element {
    let el = root();
    let choice = Choice {
        mode,
        ..Choice::of(presets::find(preset).unwrap())
    };
    let props = AppProps {
        start: Some(Start { choice, step, view }),
        then: None,
        ..Default::default()
    };
    yew::Renderer::<App>::with_root_and_props(el.clone(), props).render();
    yew::scheduler::flush().await;
    el
}

pub fn q(el: &Element, sel: &str) -> Element {
    el.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {sel}"))
}

pub fn all(el: &Element, sel: &str) -> Vec<Element> {
    let list = el.query_selector_all(sel).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

pub fn text(el: &Element, sel: &str) -> String {
    q(el, sel).text_content().unwrap_or_default()
}

pub async fn click(el: &Element, sel: &str) {
    q(el, sel).dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
}

pub fn trace(preset: &str, mode: Mode) -> Trace {
    simulate(&presets::find(preset).unwrap().scenario(), mode).unwrap()
}

/// The step just after the first event matching `f`.
pub fn step_after(t: &Trace, f: impl Fn(&EventKind) -> bool) -> usize {
    t.events
        .iter()
        .position(|e| f(&e.kind))
        .expect("event not found")
        + 1
}

/// Resolves once an element matching `sel` is inside `el`: a MutationObserver, for what a
/// component shows after a timer of its own (no fixed sleep).
pub async fn appears(el: &Element, sel: &str) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsValue;
    if el.query_selector(sel).unwrap().is_some() {
        return;
    }
    let (target, wanted) = (el.clone(), sel.to_string());
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let (inside, wanted) = (target.clone(), wanted.clone());
        let seen = Closure::<dyn FnMut(js_sys::Array, web_sys::MutationObserver)>::new(
            move |_, observer: web_sys::MutationObserver| {
                if inside.query_selector(&wanted).ok().flatten().is_some() {
                    observer.disconnect();
                    let _ = resolve.call0(&JsValue::NULL);
                }
            },
        );
        let observer = web_sys::MutationObserver::new(seen.as_ref().unchecked_ref()).unwrap();
        let init = web_sys::MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        observer.observe_with_options(&target, &init).unwrap();
        seen.forget();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Every distinct state `snap` reads from `el` while `mount` renders into it, in order, up to
/// the first for which `done` holds: a MutationObserver takes `snap` after each batch of DOM
/// changes, so the app's own timers pace the states and the test sets none.
pub async fn states<T: PartialEq + 'static>(
    el: &Element,
    snap: impl Fn(&Element) -> T + 'static,
    done: impl Fn(&T) -> bool + 'static,
    mount: impl FnOnce(),
) -> Vec<T> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsValue;
    let seen: Rc<RefCell<Vec<T>>> = Rc::default();
    let finish: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        *finish.borrow_mut() = Some(resolve);
    });
    let (inside, record, resolve) = (el.clone(), seen.clone(), finish.clone());
    let changed = Closure::<dyn FnMut(js_sys::Array, web_sys::MutationObserver)>::new(
        move |_, observer: web_sys::MutationObserver| {
            let now = snap(&inside);
            let mut record = record.borrow_mut();
            let finished = done(&now);
            if record.last() != Some(&now) {
                record.push(now);
            }
            if finished {
                observer.disconnect();
                if let Some(resolve) = resolve.borrow_mut().take() {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            }
        },
    );
    let observer = web_sys::MutationObserver::new(changed.as_ref().unchecked_ref()).unwrap();
    let init = web_sys::MutationObserverInit::new();
    init.set_child_list(true);
    init.set_character_data(true);
    init.set_subtree(true);
    observer.observe_with_options(el, &init).unwrap();
    changed.forget();
    mount();
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    seen.take()
}

/// Resolves once `done` holds for `el`, as the app's own timers change it (no fixed sleep).
pub async fn until(el: &Element, done: impl Fn(&Element) -> bool + 'static) {
    if !done(el) {
        states(el, done, |now| *now, || {}).await;
    }
}
