//! The second WebAssembly module (`bulkpool_web::lazy`): the features the first render does
//! not need, loaded the first time one is shown. Trunk builds it beside the player
//! (index.html); scripts/build.sh names it after its hash.
//!
//! Both modules run Yew apps of their own, the player's around the elements this one renders
//! into. Yew tells its apps apart by a number each app takes from a counter of its module
//! (`__yew_subtree_id` on elements and events), and both counters start at 1: the player's
//! root takes 1 and never another, so this module takes a few numbers before its first app.
//! Otherwise the player would take this module's clicks for its own.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// Yew app numbers the player's module may use (it uses 1, its root).
const PLAYER_APPS: usize = 8;

#[function_component]
fn Nothing() -> Html {
    html! {}
}

fn main() {
    bulkpool_web::internal_error::install();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    for _ in 0..PLAYER_APPS {
        if let Ok(el) = document.create_element("div") {
            yew::Renderer::<Nothing>::with_root(el).render().destroy();
        }
    }
}

/// A feature on the page (`bulkpool_web::extra::mount`).
#[wasm_bindgen]
pub struct Feature(Box<dyn bulkpool_web::lazy::Mounted>);

#[wasm_bindgen]
impl Feature {
    pub fn update(&self, args: &str) {
        self.0.update(args);
    }

    pub fn unmount(&self) {
        self.0.unmount();
    }
}

/// Mounts feature `kind` into `host`; its messages (JSON) go to `send`.
#[wasm_bindgen]
pub fn mount(kind: &str, host: web_sys::Element, args: &str, send: js_sys::Function) -> Feature {
    let send = std::rc::Rc::new(move |m: String| {
        let _ = send.call1(&JsValue::NULL, &JsValue::from_str(&m));
    });
    Feature(bulkpool_web::extra::mount(kind, &host, args, send))
}

/// Runs function `name` (`bulkpool_web::extra::call`); an error is thrown as a string.
#[wasm_bindgen]
pub fn call(name: &str, args: &str) -> Result<String, JsValue> {
    bulkpool_web::extra::call(name, args).map_err(|e| JsValue::from_str(&e))
}
