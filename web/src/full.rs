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
// After a failure the next try asks for new URLs. Browsers that predate whatwg/html#10327 keep
// a module that failed to load as failed, and importing the same URL again fails without
// asking the network (whatwg/html#6768); Chromium 156 asks again either way.
let failures = 0;
export function load_extra(name) {
  if (!loading) {
    const retry = failures ? `?retry=${failures}` : "";
    const at = (file) => new URL(file + retry, document.baseURI).href;
    loading = import(at(name + ".js"))
      .then(async (m) => { await m.default({ module_or_path: at(name + "_bg.wasm") }); return m; })
      .catch((e) => { loading = null; failures += 1; throw e; });
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
/// (`state::lite::action_for`). `done(true)` runs once it has taken over (the first module's
/// app goes); `done(false)` once it failed to load, which the page shows, and the next hand-over
/// tries again.
pub fn hand_over(then: String, done: impl FnOnce(bool) + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let started = match JsFuture::from(load_extra(&extra_name())).await {
            Ok(m) => m.unchecked_into::<Extra>().start(&then),
            Err(e) => Err(e),
        };
        match started {
            Ok(()) => {
                if let Some(notice) = failure_notice() {
                    notice.remove();
                }
                done(true)
            }
            Err(e) => {
                show_failure(&format!("{} did not load: {}", extra_name(), describe(&e)));
                done(false)
            }
        }
    });
}

/// The line that says the rest of the app did not load, if it is up.
fn failure_notice() -> Option<web_sys::Element> {
    let doc = web_sys::window()?.document()?;
    doc.query_selector(".load-failed").ok().flatten()
}

/// A line over the page: the rest of the app did not load (offline, a deployment half done).
/// The first module's view stays usable. One line, however many tries failed: it counts them
/// (`data-attempts`).
fn show_failure(why: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let notice = match failure_notice() {
        Some(p) => p,
        None => {
            let (Ok(p), Some(body)) = (doc.create_element("p"), doc.body()) else {
                return;
            };
            p.set_class_name("notice load-failed");
            let _ = p.set_attribute("role", "alert");
            let _ = body.prepend_with_node_1(&p);
            p
        }
    };
    let attempts = notice
        .get_attribute("data-attempts")
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(0)
        .saturating_add(1);
    let _ = notice.set_attribute("data-attempts", &attempts.to_string());
    // With the first module's page up, its buttons try again; on the loading screen (a link
    // only the whole app opens) nothing can, but a reload.
    let next = if doc.get_element_by_id("loading").is_some() {
        "Check the connection and reload the page."
    } else {
        "Check the connection and try again, or reload the page."
    };
    notice.set_text_content(Some(&format!(
        "This part of bulkpool could not be loaded ({why}). {next}"
    )));
}
