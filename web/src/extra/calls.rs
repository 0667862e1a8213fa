//! The functions of the second module the player calls (`crate::lazy::call`): JSON in, a
//! string out, or why not.

use crate::bridge::TextArgs;
use crate::components::share::text_of;
use crate::state::TraceRef;
use bulkpool_allocator::simulate;
use std::rc::Rc;

/// Runs function `name` with `args` (JSON).
pub fn call(name: &str, args: &str) -> Result<String, String> {
    match name {
        "text" => text(args),
        _ => Err(format!("no function named {name:?}")),
    }
}

/// A text of Copy ▾: the runs again (a run is its scenario and mode: simulating is
/// deterministic), then the one renderer of `bulkpool run`.
fn text(args: &str) -> Result<String, String> {
    let a: TextArgs = serde_json::from_str(args).map_err(|e| e.to_string())?;
    let mut runs = Vec::with_capacity(a.runs.len());
    for (sc, mode) in &a.runs {
        runs.push(TraceRef(Rc::new(
            simulate(sc, *mode).map_err(|e| e.to_string())?,
        )));
    }
    let (main, lanes) = runs.split_first().ok_or("no run to write")?;
    Ok(text_of(
        a.what.what(),
        &main.0,
        lanes,
        a.step,
        &a.link,
        a.variant.as_deref(),
    ))
}
