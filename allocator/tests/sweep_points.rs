#![cfg(not(target_arch = "wasm32"))]
//! A sweep says only what its runs say: for every Explore knob of s1, s5 and s8, the CLI
//! sweep's point at three values equals the same variant run on its own (`bulkpool run` of
//! the preset's file with that one field set by hand), value for value and outcome for
//! outcome; a run that did not complete has no value.

use bulkpool_allocator::scenario::presets::find;
use bulkpool_allocator::view::explore::{default_range, knobs, Kind};
use serde_json::Value;
use std::process::Command;

fn bulkpool(args: &[&str]) -> Value {
    let o = Command::new(env!("CARGO_BIN_EXE_bulkpool"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "bulkpool {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The variant by hand: the preset's file with `path` set to `x`. A changed `min_nr` moves a
/// given `curr_nr` as `mempool_resize` would: a grown pool fills to its new size, a shrunk
/// one frees down to it.
fn variant(preset: &str, path: &str, x: u64) -> std::path::PathBuf {
    let mut sc: Value = serde_json::to_value(find(preset).unwrap().scenario()).unwrap();
    let mut at = &mut sc;
    for part in path.split('.') {
        at = match part.parse::<usize>() {
            Ok(i) => &mut at[i],
            Err(_) => &mut at[part],
        };
    }
    let old = at.as_u64().unwrap();
    *at = Value::from(x);
    if path == "pool.min_nr" {
        if let Some(curr) = sc["pool"]["curr_nr"].as_u64() {
            sc["pool"]["curr_nr"] = Value::from(if x > old { x } else { curr.min(x) });
        }
    }
    let file = std::env::temp_dir().join(format!(
        "bulkpool-variant-{}-{preset}-{}-{x}.json",
        std::process::id(),
        path.replace('.', "_")
    ));
    std::fs::write(&file, serde_json::to_string(&sc).unwrap()).unwrap();
    file
}

/// A metric of a run, from its JSON summary.
fn metric_of(summary: &Value, metric: &str) -> u64 {
    let work = |k: &str| summary["work"][k].as_u64().unwrap();
    let tasks = |k: &str| -> u64 {
        summary["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t[k].as_u64().unwrap())
            .sum()
    };
    match metric {
        "sleeps" => tasks("sleeps"),
        "calls" => work("mempool_calls") + work("allocator_calls"),
        "time-ms" => summary["outcome"]["at_ms"].as_u64().unwrap(),
        "pgalloc" => summary["zone"]["pgalloc"].as_u64().unwrap(),
        _ => unreachable!(),
    }
}

#[test]
fn every_knob_of_s1_s5_and_s8_sweeps_to_the_variants_own_runs() {
    let mut checked = 0;
    let mut stuck = 0;
    for preset in ["s1", "s5", "s8"] {
        let sc = find(preset).unwrap().scenario();
        let mode = sc.mode.name();
        for knob in knobs(&sc)
            .into_iter()
            .filter(|k| matches!(k.kind, Kind::Number { .. }))
        {
            let (lo, hi) = default_range(&sc, &knob).unwrap();
            let step = ((hi - lo) / 2).max(1);
            for metric in ["sleeps", "calls", "time-ms", "pgalloc"] {
                let param = format!("{}={lo}..{}", knob.path, (lo + 2 * step).min(hi));
                let s = bulkpool(&[
                    "sweep",
                    preset,
                    "--param",
                    &param,
                    "--step",
                    &step.to_string(),
                    "--metric",
                    metric,
                    "--format",
                    "json",
                ]);
                let line = s["lines"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|l| l["label"] == mode)
                    .unwrap_or_else(|| panic!("{preset}: no {mode} line"));
                for p in line["points"].as_array().unwrap() {
                    let x = p["x"].as_u64().unwrap();
                    let file = variant(preset, &knob.path, x);
                    let run = Command::new(env!("CARGO_BIN_EXE_bulkpool"))
                        .args([
                            "run",
                            file.to_str().unwrap(),
                            "--mode",
                            mode,
                            "--format",
                            "json",
                        ])
                        .output()
                        .unwrap();
                    std::fs::remove_file(&file).unwrap();
                    if !run.status.success() {
                        // The variant is refused: the sweep's point says why and has no value.
                        assert!(p["error"].is_string(), "{preset} {} = {x}: {p}", knob.path);
                        assert!(p["y"].is_null());
                        continue;
                    }
                    let run: Value = serde_json::from_slice(&run.stdout).unwrap();
                    let summary = &run["summary"];
                    let class = &summary["outcome"]["class"];
                    let what = format!("{preset} {} = {x}, {metric}", knob.path);
                    assert_eq!(&p["outcome"], class, "{what}");
                    if class == "completed" {
                        assert_eq!(p["y"].as_u64(), Some(metric_of(summary, metric)), "{what}");
                    } else {
                        assert!(p["y"].is_null(), "{what}: a stuck run has no value");
                        stuck += 1;
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 150, "{checked} points checked");
    assert!(stuck >= 10, "{stuck} stuck points checked");
}

#[test]
fn a_mode_sweep_of_s8c_has_only_the_modes_6_19_offers() {
    let s = bulkpool(&[
        "sweep",
        "s8c",
        "--param",
        "pool.curr_nr=0..8",
        "--metric",
        "sleeps",
        "--format",
        "json",
    ]);
    let labels: Vec<&str> = s["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["array"], "no list or callback line under v6.19");
    let skipped: Vec<&str> = s["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["reason"].as_str().unwrap())
        .collect();
    assert_eq!(skipped.len(), 2);
    assert!(
        skipped[0].starts_with("list: not offered by v6.19"),
        "{skipped:?}"
    );
    assert!(
        skipped[1].starts_with("callback: not offered by v6.19"),
        "{skipped:?}"
    );
    // The text chart says so too.
    let o = Command::new(env!("CARGO_BIN_EXE_bulkpool"))
        .args([
            "sweep",
            "s8c",
            "--param",
            "pool.curr_nr=0..8",
            "--metric",
            "sleeps",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("no line: list: not offered by v6.19"),
        "{text}"
    );
}

#[test]
fn a_full_pool_of_16_ends_s8s_deadlock() {
    // U2: min_nr 16 without curr_nr is a pool of 16 full elements (mempool_resize fills
    // it): both tasks take 8 and finish without sleeping.
    let s = bulkpool(&[
        "sweep",
        "s8",
        "--param",
        "pool.min_nr=8..16",
        "--step",
        "8",
        "--metric",
        "sleeps",
        "--format",
        "json",
    ]);
    let list = &s["lines"][0];
    assert_eq!(list["label"], "list");
    assert_eq!(list["points"][0]["outcome"], "deadlock");
    assert!(list["points"][0]["y"].is_null());
    assert_eq!(list["points"][0]["ended"], "deadlock");
    assert_eq!(list["points"][1]["x"], 16);
    assert_eq!(list["points"][1]["outcome"], "completed");
    assert_eq!(list["points"][1]["y"], 0);
}

#[test]
fn s8_under_6_19_is_a_livelock_in_the_json_and_the_sweep() {
    let run = bulkpool(&[
        "run",
        "s8",
        "--semantics",
        "mainline-6.19",
        "--mode",
        "array",
        "--format",
        "json",
    ]);
    assert_eq!(run["summary"]["outcome"]["class"], "livelock");
    let s = bulkpool(&[
        "sweep",
        "s8",
        "--param",
        "pool.curr_nr=0..8",
        "--step",
        "4",
        "--metric",
        "time-ms",
        "--by",
        "semantics",
        "--format",
        "json",
    ]);
    let line = s["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["label"] == "mainline-6.19")
        .unwrap();
    assert_eq!(
        line["title"],
        "v6.19 · alloc_pages_bulk, then mempool_alloc_bulk"
    );
    for p in line["points"].as_array().unwrap() {
        assert_eq!(p["outcome"], "livelock", "{p}");
        assert!(p["y"].is_null(), "no 0 ms for a run stuck at t = 0: {p}");
    }
    let csv = Command::new(env!("CARGO_BIN_EXE_bulkpool"))
        .args([
            "sweep",
            "s8",
            "--param",
            "pool.curr_nr=0..8",
            "--step",
            "4",
            "--metric",
            "time-ms",
            "--by",
            "semantics",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(
        csv.lines().nth(1),
        Some("0,deadlock,deadlock,livelock,deadlock"),
        "{csv}"
    );
}
