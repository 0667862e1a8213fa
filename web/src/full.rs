//! The whole app, in a WebAssembly module of its own (`bulkpool-extra`, `src/bin/extra.rs`),
//! loaded on first use. The first module (`crate::lite`) shows a preset's step view; anything
//! more (the help, the tour, Explore, Predict, the editor, Mine, the importer, Copy ▾, the
//! compare view, a link to a user's scenario) hands the page over to the whole app, which opens
//! the address bar's view (or the one it is given) and does what was asked there.
//!
//! The module's name: the page's `<meta name="bulkpool-extra">` (scripts/build.sh names it
//! after its hash, so that a cache never pairs an old one with a new first module), else the
//! name Trunk gives it (`trunk serve`). Its URL is relative to the page, so a site under any
//! sub-path works.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
let loading = null;
// Read as this module loads: the page may be replaced before the first use (a test's
// setContent), and the name is this page's.
const meta = document.querySelector('meta[name="bulkpool-extra"]');
const name = (meta && meta.content) || "bulkpool-extra";
export function extra_name() {
  return name;
}
export function load_extra(name) {
  if (!loading) {
    const at = (file) => new URL(file, document.baseURI).href;
    loading = import(at(name + ".js"))
      .then(async (m) => { await m.default({ module_or_path: at(name + "_bg.wasm") }); return m; })
      .catch((e) => { loading = null; throw e; });
  }
  return loading;
}
"#)]
extern "C" {
    fn extra_name() -> String;
    fn load_extra(name: &str) -> js_sys::Promise;

    type Extra;
    #[wasm_bindgen(method, catch)]
    fn start(this: &Extra, then: &str) -> Result<(), JsValue>;
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Starts loading the whole app (the user is about to need it).
pub fn prefetch() {
    let _ = load_extra(&extra_name());
}

/// Loads the whole app and hands the page over to it: `then` is what it does first
/// (`state::lite::action_for`). `done` runs once it has taken over (the first module's app
/// goes); a failure is shown on the page.
pub fn hand_over(then: String, done: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let started = match JsFuture::from(load_extra(&extra_name())).await {
            Ok(m) => m.unchecked_into::<Extra>().start(&then),
            Err(e) => Err(e),
        };
        match started {
            Ok(()) => done(),
            Err(e) => show_failure(&format!("{} did not load: {}", extra_name(), describe(&e))),
        }
    });
}

/// A line over the page: the rest of the app did not load (offline, a deployment half done).
/// The first module's view stays usable.
fn show_failure(why: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    if let Ok(p) = doc.create_element("p") {
        p.set_class_name("notice load-failed");
        let _ = p.set_attribute("role", "alert");
        p.set_text_content(Some(&format!(
            "This part of bulkpool could not be loaded ({why}). Check the connection and reload the page."
        )));
        let _ = body.prepend_with_node_1(&p);
    }
}
