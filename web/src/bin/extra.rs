//! The whole app (`bulkpool_web::full`), a WebAssembly module of its own, loaded the first time
//! the page needs more than the first module's step view (`bulkpool_web::lite`). Trunk builds
//! it beside the first module (index.html); scripts/build.sh names it after its hash.

use wasm_bindgen::prelude::*;

fn main() {
    bulkpool_web::internal_error::install();
}

/// Takes the page over from the first module: mounts the whole app, which first does `then`
/// (`bulkpool_web::state::lite::upgrade_for`).
#[wasm_bindgen]
pub fn start(then: &str) {
    bulkpool_web::full_start::start(then);
}
