#![cfg(not(target_arch = "wasm32"))]
//! Sweeps (`view::sweep`, `bulkpool sweep`): the numbers, the 72-column chart, and bad input.

use bulkpool_allocator::scenario::presets::find;
use bulkpool_allocator::view::sweep::{sweep, By, Metric, Param, MAX_POINTS};
use bulkpool_allocator::{simulate, Mode};
use std::process::Command;

fn delivery_of_s1(nr: u64, mode: Mode) -> u64 {
    let sc = find("s1").unwrap().scenario();
    let sc = bulkpool_allocator::view::link::apply_overrides(
        &sc,
        &format!("tasks.0.ops.0.nr:{nr}"),
        Some(mode),
    )
    .unwrap();
    simulate(&sc, mode)
        .unwrap()
        .final_world()
        .work
        .delivery_total()
}

#[test]
fn each_point_is_the_run_of_the_scenario_with_that_value() {
    let sc = find("s1").unwrap().scenario();
    let param = Param::parse("tasks.0.ops.0.nr=1..32", 1).unwrap();
    let s = sweep(&sc, &param, Metric::Delivery, By::Mode);
    assert_eq!(
        s.lines.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(),
        ["list", "array", "callback"]
    );
    for l in &s.lines {
        assert_eq!(l.points.len(), 32);
        for p in l.points.iter().step_by(7) {
            assert_eq!(
                p.y,
                Some(delivery_of_s1(p.x, l.mode)),
                "{} at N = {}",
                l.label,
                p.x
            );
        }
    }
    // Mel Gorman's point, as a curve: the array's extra work grows with N; the callback's least.
    let at = |label: &str, n: usize| {
        s.lines.iter().find(|l| l.label == label).unwrap().points[n - 1]
            .y
            .unwrap()
    };
    assert!(at("array", 32) > at("list", 32) && at("list", 32) > at("callback", 32));
    assert!(at("array", 32) - at("callback", 32) > at("array", 8) - at("callback", 8));
}

#[test]
fn by_semantics_draws_one_line_per_version() {
    let sc = find("s5").unwrap().scenario();
    let s = sweep(
        &sc,
        &Param::parse("zone.free=30..40", 5).unwrap(),
        Metric::Sleeps,
        By::Semantics,
    );
    let labels: Vec<&str> = s.lines.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["rfc-2022", "v2-2023", "mainline-6.19", "k6.0"]);
    assert!(s
        .lines
        .iter()
        .any(|l| l.points.iter().any(|p| p.y.is_some())));
}

#[test]
fn a_value_out_of_bounds_is_a_refused_point_naming_the_field() {
    let sc = find("s5").unwrap().scenario();
    let s = sweep(
        &sc,
        &Param::parse("zone.free=0..2000000", 100000).unwrap(),
        Metric::Sleeps,
        By::Mode,
    );
    let refused: Vec<_> = s.lines[0].points.iter().filter(|p| p.y.is_none()).collect();
    assert!(!refused.is_empty());
    assert!(
        refused
            .iter()
            .all(|p| p.error.as_deref().unwrap().contains("zone")),
        "{refused:?}"
    );
}

#[test]
fn bad_ranges_are_errors() {
    for (spec, step) in [
        ("zone.free", 1),
        ("zone.free=9..3", 1),
        ("zone.free=1..x", 1),
        ("=1..3", 1),
        ("zone.free=1..3", 0),
    ] {
        assert!(Param::parse(spec, step).is_err(), "{spec} step {step}");
    }
    let too_many = format!("zone.free=1..{}", MAX_POINTS + 1);
    assert!(Param::parse(&too_many, 1)
        .unwrap_err()
        .contains("at most 256"));
    assert_eq!(
        Param::parse(&too_many, 2).unwrap().values.len(),
        MAX_POINTS / 2 + 1
    );
}

#[test]
fn the_chart_fits_72_columns_and_names_every_line() {
    let sc = find("s1").unwrap().scenario();
    for (param, metric) in [
        ("tasks.0.ops.0.nr=1..256", Metric::Delivery),
        ("zone.free=100..4000000", Metric::TimeMs),
    ] {
        let p = Param::parse(param, if param.starts_with("zone") { 20000 } else { 1 }).unwrap();
        let text = sweep(&sc, &p, metric, By::Mode).text();
        for line in text.lines() {
            assert!(
                line.chars().count() <= 72,
                "{} columns: {line}",
                line.chars().count()
            );
        }
        for label in ["L list", "A array", "C callback"] {
            assert!(text.contains(label), "{text}");
        }
    }
}

#[test]
fn csv_has_a_header_and_a_row_per_value() {
    let sc = find("s1").unwrap().scenario();
    let csv = sweep(
        &sc,
        &Param::parse("tasks.0.ops.0.nr=4..8", 2).unwrap(),
        Metric::BulkCalls,
        By::Mode,
    )
    .csv();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "tasks.0.ops.0.nr,list,array,callback");
    assert_eq!(rows.len(), 4);
    assert!(rows[1].starts_with("4,") && rows[3].starts_with("8,"));
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bulkpool"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn the_cli_prints_the_same_numbers() {
    let (code, out, _) = cli(&[
        "sweep",
        "s1",
        "--param",
        "tasks.0.ops.0.nr=1..8",
        "--metric",
        "delivery",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    let sc = find("s1").unwrap().scenario();
    let lib = sweep(
        &sc,
        &Param::parse("tasks.0.ops.0.nr=1..8", 1).unwrap(),
        Metric::Delivery,
        By::Mode,
    )
    .csv();
    assert_eq!(out, lib);
    let (code, _, err) = cli(&[
        "sweep",
        "s1",
        "--param",
        "zone.free=1..2",
        "--metric",
        "joy",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown metric `joy`"), "{err}");
    let (code, _, err) = cli(&[
        "sweep",
        "s1",
        "--param",
        "zone.nope=1..2",
        "--metric",
        "sleeps",
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("zone.nope"), "{err}");
}
