#![cfg(not(target_arch = "wasm32"))]
//! Sweeps (`view::sweep`, `bulkpool sweep`): the numbers, the 72-column chart, and bad input.
//! The chart's golden file is rewritten with `UPDATE_GOLDEN=1`, refused where `CI` is set.

mod common;

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
    let refused: Vec<_> = s.lines[0]
        .points
        .iter()
        .filter(|p| p.error.is_some())
        .collect();
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
    // The whole u64 range: too many values, not an overflow.
    let whole = format!("zone.free=0..{}", u64::MAX);
    assert!(Param::parse(&whole, 1).unwrap_err().contains("at most 256"));
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

/// One metric of one line, at every value.
fn line(id: &str, param: &str, metric: Metric, label: &str) -> Vec<(u64, u64)> {
    let s = sweep(
        &find(id).unwrap().scenario(),
        &Param::parse(param, 1).unwrap(),
        metric,
        By::Mode,
    );
    let l = s.lines.iter().find(|l| l.label == label).unwrap();
    l.points
        .iter()
        .map(|p| {
            (
                p.x,
                p.y.unwrap_or_else(|| panic!("{id} {label} {}: {:?}", p.x, p.error)),
            )
        })
        .collect()
}

/// `f` at every x of `points`.
fn expect(points: &[(u64, u64)], f: impl Fn(u64) -> u64, what: &str) {
    for &(x, y) in points {
        assert_eq!(y, f(x), "{what} at {x}");
    }
}

#[test]
fn s3_bulk_pages_and_reserve_pages_as_f_crosses_low_plus_n() {
    // domain.md S3: F = 45 ≤ low + N = 48 fails the bulk check: 1 page by the single path and 7
    // from the reserve. Above 48 the bulk call passes and takes all 8; one bulk call either way.
    for mode in ["list", "array", "callback"] {
        let bulk = line("s3", "zone.free=41..52", Metric::BulkPages, mode);
        expect(
            &bulk,
            |f| if f <= 48 { 1 } else { 8 },
            &format!("s3 {mode} bulk pages"),
        );
        let pool = line("s3", "zone.free=41..52", Metric::PoolPages, mode);
        expect(
            &pool,
            |f| if f <= 48 { 7 } else { 0 },
            &format!("s3 {mode} reserve pages"),
        );
        expect(
            &line("s3", "zone.free=41..52", Metric::BulkCalls, mode),
            |_| 1,
            "s3 bulk calls",
        );
    }
}

#[test]
fn s6_array_sleeps_until_f_crosses_48_and_the_list_never_does() {
    // domain.md S6: the array is charged low + 8 = 48 for the whole array; the list low + 2.
    expect(
        &line("s6", "zone.free=44..52", Metric::Sleeps, "array"),
        |f| u64::from(f <= 48),
        "s6 array sleeps",
    );
    expect(
        &line("s6", "zone.free=44..52", Metric::Sleeps, "list"),
        |_| 0,
        "s6 list sleeps",
    );
    expect(
        &line("s6", "zone.free=44..52", Metric::Sleeps, "callback"),
        |_| 0,
        "s6 callback sleeps",
    );
}

#[test]
fn s5_takes_two_timeouts_of_five_seconds() {
    // domain.md S5: 2 sleeps, 2 timeouts, 10 s.
    expect(
        &line("s5", "zone.free=28..28", Metric::TimeMs, "list"),
        |_| 10_000,
        "s5 time",
    );
    expect(
        &line("s5", "zone.free=28..28", Metric::Sleeps, "callback"),
        |_| 2,
        "s5 sleeps",
    );
}

#[test]
fn s1_pgalloc_counts_every_page_handed_out() {
    // domain.md S1: PGALLOC +8 for N = 8, from a zone far above its watermarks: +N for any N.
    for mode in ["list", "array", "callback"] {
        expect(
            &line("s1", "tasks.0.ops.0.nr=1..16", Metric::Pgalloc, mode),
            |n| n,
            "s1 pgalloc",
        );
    }
}

#[test]
fn s1_delivery_sweep_point_at_n_8_equals_the_preset_run() {
    // The sweep's point at N = 8 is the preset's own run (s1 is at N = 8), not a separate
    // computation. This checks the sweep's plumbing only; §9's worked-example numbers
    // themselves are asserted in presets_page.rs `s1_…`.
    for mode in Mode::ALL {
        let preset = simulate(&find("s1").unwrap().scenario(), mode).unwrap();
        let at8 = line("s1", "tasks.0.ops.0.nr=8..8", Metric::Delivery, mode.name());
        assert_eq!(
            at8,
            [(8, preset.final_world().work.delivery_total())],
            "{mode}"
        );
    }
}

#[test]
fn the_text_chart_of_s1_delivery_against_n_is_the_golden_one() {
    let (code, out, _) = cli(&[
        "sweep",
        "s1",
        "--param",
        "tasks.0.ops.0.nr=1..64",
        "--metric",
        "delivery",
    ]);
    assert_eq!(code, 0);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sweeps/s1-delivery.txt");
    if common::env::update_requested("UPDATE_GOLDEN") {
        std::fs::write(path, &out).unwrap();
    }
    let want = std::fs::read_to_string(path).expect("the golden file (UPDATE_GOLDEN=1 writes it)");
    assert_eq!(
        out, want,
        "run with UPDATE_GOLDEN=1 to accept a deliberate change"
    );
}

/// A readout's value carries its unit: time in ms, not "time-ms".
#[test]
fn a_value_says_its_unit() {
    assert_eq!(Metric::TimeMs.value(5000), "5000 ms");
    assert_eq!(Metric::Sleeps.value(2), "2 sleeps");
    assert_eq!(Metric::LockHolds.value(3), "3 lock holds");
    assert_eq!(Metric::Delivery.value(24), "24 (delivery work)");
}
