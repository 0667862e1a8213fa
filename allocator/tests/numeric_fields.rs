//! Bad input is an error, never a panic: the structured fuzz of shared/inputs.md, in process.
//! Every numeric field of every preset's scenario file (`bulkpool show sN`), and every field
//! the file leaves `null`, is set in turn to each value of `VALUES`; the file is parsed, and
//! what parses is run in list and array mode and rendered as the CLI's text and summary. Each
//! must give a trace or an error that names a field, never a panic. An arithmetic overflow is
//! a panic only with overflow checks on: the test refuses to run in a build without them
//! (`common::env::require_overflow_checks`).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use bulkpool_allocator::explain::step_text::step_text;
use bulkpool_allocator::explain::text;
use bulkpool_allocator::{presets::PRESETS, simulate, Mode, Scenario};
use serde_json::{json, Value};

/// Runs up to this many events are rendered whole; longer ones at their last step.
const TEXT_UP_TO: usize = 2_000;

/// 0, 1, 2, 255, 4095, 65535, 65536, 2^20, 2^31−1, 2^32−1, 2^32, 2^53, 2^63−1, 2^64−1, −1, 1.5,
/// null, "x", true.
fn values() -> Vec<Value> {
    let mut v: Vec<Value> = [
        0u64,
        1,
        2,
        255,
        4095,
        65_535,
        65_536,
        1 << 20,
        (1 << 31) - 1,
        u32::MAX as u64,
        1 << 32,
        1 << 53,
        i64::MAX as u64,
        u64::MAX,
    ]
    .into_iter()
    .map(Value::from)
    .collect();
    v.extend([json!(-1), json!(1.5), Value::Null, json!("x"), json!(true)]);
    v
}

/// The paths of every number and every null in `v` (a null is an optional number left unset).
fn numeric_paths(v: &Value, at: &mut Vec<PathPart>, out: &mut Vec<Vec<PathPart>>) {
    match v {
        Value::Number(_) | Value::Null => out.push(at.clone()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(PathPart::Index(i));
                numeric_paths(item, at, out);
                at.pop();
            }
        }
        Value::Object(fields) => {
            for (k, item) in fields {
                at.push(PathPart::Key(k.clone()));
                numeric_paths(item, at, out);
                at.pop();
            }
        }
        Value::String(_) | Value::Bool(_) => {}
    }
}

#[derive(Clone, Debug)]
enum PathPart {
    Key(String),
    Index(usize),
}

fn at_path<'a>(v: &'a mut Value, path: &[PathPart]) -> &'a mut Value {
    path.iter().fold(v, |v, p| match p {
        PathPart::Key(k) => &mut v[k.as_str()],
        PathPart::Index(i) => &mut v[*i],
    })
}

fn spell(path: &[PathPart]) -> String {
    let mut s = String::new();
    for p in path {
        match p {
            PathPart::Key(k) if s.is_empty() => s += k,
            PathPart::Key(k) => s += &format!(".{k}"),
            PathPart::Index(i) => s += &format!("[{i}]"),
        }
    }
    s
}

#[test]
fn every_numeric_field_at_every_extreme_is_a_trace_or_an_error() {
    common::env::require_overflow_checks("numeric_fields");
    let values = values();
    let mut panics = Vec::new();
    let mut runs = 0;
    for p in PRESETS {
        let file: Value = serde_json::from_str(&p.scenario().to_json()).unwrap();
        let mut paths = Vec::new();
        numeric_paths(&file, &mut Vec::new(), &mut paths);
        for path in &paths {
            for value in &values {
                let mut f = file.clone();
                *at_path(&mut f, path) = value.clone();
                let text = f.to_string();
                let Ok(sc) = Scenario::from_json(&text) else {
                    continue;
                };
                for mode in [Mode::List, Mode::Array] {
                    runs += 1;
                    // The run, and what the CLI prints of it: the text account and the summary.
                    let run = std::panic::catch_unwind(|| {
                        simulate(&sc, mode).map(|t| {
                            // Long runs only at their last step, to keep the test short.
                            let shown = if t.len() <= TEXT_UP_TO {
                                text::render(&t)
                            } else {
                                step_text(&t, t.len())
                            };
                            (shown, t.summary())
                        })
                    });
                    match run {
                        Err(_) => {
                            panics.push(format!("{} {} = {value} ({mode})", p.id, spell(path)))
                        }
                        Ok(Err(e)) => assert!(!e.field.is_empty() && !e.message.is_empty()),
                        Ok(Ok(_)) => {}
                    }
                }
            }
        }
    }
    assert!(runs > 1_000, "only {runs} runs");
    assert!(
        panics.is_empty(),
        "{} panics:\n{}",
        panics.len(),
        panics.join("\n")
    );
}
