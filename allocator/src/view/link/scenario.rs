//! A user's scenario in a link (`c=`): its minimal JSON, deflated and base64url-encoded, and
//! read back within bounds.

use super::MAX_INFLATED;
use crate::scenario::{Op, Scenario};
use base64::Engine;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The scenario's JSON without the fields that equal their defaults: what `c=` compresses.
pub fn minimal_json(sc: &Scenario) -> String {
    let whole = || serde_json::to_string(sc).unwrap_or_default();
    // The scenario without its ops: a long scenario repeats a few ops (a request and its free,
    // a thousand times), so each distinct op is written and minimised once, below.
    let mut shell = sc.clone();
    for t in &mut shell.tasks {
        t.ops = Vec::new();
    }
    let Ok(Value::Object(mut top)) = serde_json::to_value(&shell) else {
        return whole();
    };
    let default = Scenario::default();
    let defaults = serde_json::to_value(&default).unwrap_or(Value::Null);
    drop_defaults(&mut top, &defaults);
    // The shell's tasks never equal the default's, whose task has an op.
    if sc.tasks == default.tasks {
        top.retain(|k, _| k != "tasks");
    }
    for key in ["zone", "pcp", "pool"] {
        if let (Some(Value::Object(m)), Some(d)) = (top.get_mut(key), defaults.get(key)) {
            drop_defaults(m, d);
        }
    }
    if let Some(Value::Object(m)) = top.get_mut("pool") {
        let d = serde_json::to_value(crate::scenario::PoolSpec::default()).unwrap_or(Value::Null);
        drop_defaults(m, &d);
    }
    if let Some(Value::Array(tasks)) = top.get_mut("tasks") {
        let d = serde_json::to_value(crate::scenario::TaskSpec::default()).unwrap_or(Value::Null);
        let mut minimised: HashMap<&Op, Value> = HashMap::new();
        for (t, spec) in tasks.iter_mut().zip(&sc.tasks) {
            if let Value::Object(m) = t {
                if let Some(ops) = m.get_mut("ops") {
                    let each = spec.ops.iter().map(|op| {
                        minimised
                            .entry(op)
                            .or_insert_with(|| {
                                let mut v = serde_json::to_value(op).unwrap_or(Value::Null);
                                minimal_op(&mut v);
                                v
                            })
                            .clone()
                    });
                    *ops = Value::Array(each.collect());
                }
                drop_defaults(m, &d);
            }
        }
    }
    let small = Value::Object(top).to_string();
    // Keep it only if it reads back as the same scenario.
    match Scenario::from_json(&small) {
        Ok(back) if back == *sc => small,
        _ => whole(),
    }
}

fn drop_defaults(m: &mut Map<String, Value>, defaults: &Value) {
    m.retain(|k, v| defaults.get(k) != Some(v));
}

/// An op without the fields equal to that op's defaults.
fn minimal_op(op: &mut Value) {
    let Ok(original) = serde_json::from_value::<Op>(op.clone()) else {
        return;
    };
    let Value::Object(m) = op else { return };
    let keys: Vec<String> = m.keys().filter(|k| *k != "op").cloned().collect();
    for k in keys {
        let Some(v) = m.remove(&k) else { continue };
        let same =
            serde_json::from_value::<Op>(Value::Object(m.clone())).is_ok_and(|o| o == original);
        if !same {
            m.insert(k, v);
        }
    }
}

/// `c=`: the minimal JSON, deflated, base64url without padding.
pub fn encode_scenario(sc: &Scenario) -> String {
    let json = minimal_json(sc);
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
}

/// Reads a `c=` value back into a scenario (bounded: the text, the inflated size, and then the
/// scenario's own checks when it runs).
pub fn decode_scenario(text: &str) -> Result<Scenario, String> {
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| "not base64url".to_string())?;
    let json =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED).map_err(|e| {
            match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                    format!("it inflates past {MAX_INFLATED} bytes")
                }
                _ => "not a compressed scenario".to_string(),
            }
        })?;
    let json = String::from_utf8(json).map_err(|_| "not UTF-8 text".to_string())?;
    Scenario::from_json(&json).map_err(|e| e.to_string())
}
