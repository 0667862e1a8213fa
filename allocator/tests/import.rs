//! `scenario::import` on real files: the checked-in captures of `tests/proc/` (five kernels,
//! README.md there says where each comes from) and this machine's own /proc when it has one.
//! Every zone of every capture either imports, with F equal to buddyinfo's free pages and close
//! to zoneinfo's nr_free_pages, and runs to an outcome with every invariant kept; or is refused
//! with the message the table below expects.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use bulkpool_allocator::scenario::import::{self, Imported, Options, Parsed};
use bulkpool_allocator::trace::End;
use bulkpool_allocator::{simulate, Mode};
use std::path::PathBuf;

fn dir(kernel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/proc")
        .join(kernel)
}

/// A capture's three files.
fn capture(kernel: &str) -> (String, String, String) {
    let read = |f: &str| std::fs::read_to_string(dir(kernel).join(f)).unwrap();
    let uname = read("uname-r");
    assert_eq!(uname.trim(), kernel, "the folder is named after `uname -r`");
    (read("zoneinfo"), read("buddyinfo"), read("pagetypeinfo"))
}

/// Buddyinfo's free pages of a zone, added up here, apart from the importer.
fn buddyinfo_pages(buddyinfo: &str, node: u32, zone: &str) -> u64 {
    let line = buddyinfo
        .lines()
        .find(|l| {
            let t: Vec<&str> = l.split_whitespace().collect();
            t.get(1) == Some(&format!("{node},").as_str()) && t.get(3) == Some(&zone)
        })
        .unwrap();
    line.split_whitespace()
        .skip(4)
        .enumerate()
        .map(|(o, c)| c.parse::<u64>().unwrap() << o)
        .sum()
}

/// How far zoneinfo's nr_free_pages may be from buddyinfo's count: the two files are read at
/// different moments, and between the reads the machine allocates and frees (2% of the zone's
/// pages); the counter itself lags the true count by up to each CPU's `vm stats threshold`
/// (per-CPU deltas not yet folded into the zone's counter).
fn tolerance(p: &Parsed, node: u32, zone: &str) -> u64 {
    let z = p
        .zones
        .iter()
        .find(|z| z.node == node && z.name == zone)
        .unwrap();
    let thresholds: u64 = z
        .cpus
        .iter()
        .filter_map(|c| c.threshold.map(|t| t.value))
        .sum();
    z.frames().unwrap().value / 50 + thresholds
}

/// Imports one zone at the smallest scale that fits, checks F against buddyinfo and
/// nr_free_pages, and runs it. Returns the result and |F - nr_free_pages|.
fn import_zone(
    zoneinfo: &str,
    buddyinfo: &str,
    types: Option<&str>,
    node: u32,
    zone: &str,
) -> (Result<Imported, String>, u64) {
    let p = import::parse(zoneinfo, buddyinfo, types).unwrap();
    let choice = p
        .choices()
        .into_iter()
        .find(|c| c.node == node && c.name == zone)
        .unwrap();
    let scale = choice.min_scale as u32;
    let options = Options {
        zone: Some(zone.into()),
        node: Some(node),
        scale,
        ..Options::default()
    };
    let sum = buddyinfo_pages(buddyinfo, node, zone);
    let counter = p
        .zones
        .iter()
        .find(|z| z.node == node && z.name == zone)
        .and_then(|z| z.free_counter())
        .unwrap()
        .value;
    let diff = sum.abs_diff(counter);
    let tol = tolerance(&p, node, zone);
    assert!(
        diff <= tol,
        "node {node} {zone}: buddyinfo {sum} vs nr_free_pages {counter}: {diff} > {tol}"
    );
    let imported = match p.import(&options) {
        Ok(i) => i,
        Err(e) => return (Err(e.to_string()), diff),
    };
    let sc = &imported.scenario;
    let k = scale as u64;
    if k == 1 {
        assert_eq!(sc.free_pages(), sum, "node {node} {zone}: F is buddyinfo's");
    } else {
        // Each of the usable and the reserved pages is divided and rounded down.
        assert!(
            sum / k - sc.free_pages() <= 1,
            "{} vs {sum}/{k}",
            sc.free_pages()
        );
        assert!(
            sc.name.ends_with(&format!(", scaled ×1/{k}")),
            "{}",
            sc.name
        );
        assert!(sc.description.contains(&format!("Scaled ×1/{k}")));
    }
    let trace = simulate(sc, sc.mode).unwrap_or_else(|e| panic!("node {node} {zone}: {e}"));
    assert_eq!(trace.initial.zone.buddy.nr_free_pages(), sc.free_pages());
    assert_ne!(trace.end, End::Stalled, "node {node} {zone}");
    common::check_trace_within(&trace, 5_000_000);
    (Ok(imported), diff)
}

/// Every populated zone of every capture: imported (and run) or refused as expected.
#[test]
fn every_zone_of_every_capture_imports_or_is_refused_as_expected() {
    // (kernel, node, zone, None = imports, Some(part of the refusal)); the DMA zones are
    // nearly all free, with no room for the pool's 256 reserve pages.
    let no_room = Some("zone.free: the free blocks do not fit in the zone");
    let expected: [(&str, u32, &str, Option<&str>); 13] = [
        ("6.18.44-fc-v1272", 0, "DMA", no_room),
        ("6.18.44-fc-v1272", 0, "DMA32", None),
        ("6.18.44-fc-v1272", 0, "Normal", None),
        ("5.14.0-325.el9.x86_64", 0, "DMA", no_room),
        ("5.14.0-325.el9.x86_64", 0, "DMA32", None),
        ("4.18.0-80.11.2.el8_0.x86_64", 0, "DMA", no_room),
        ("4.18.0-80.11.2.el8_0.x86_64", 0, "DMA32", None),
        ("4.18.0-80.11.2.el8_0.x86_64", 0, "Normal", None),
        ("3.13.0-77-generic", 0, "DMA", no_room),
        ("3.13.0-77-generic", 0, "DMA32", None),
        ("3.13.0-77-generic", 0, "Normal", None),
        ("3.4.5", 0, "Normal", None),
        ("3.4.5", 0, "HighMem", None),
    ];
    let mut report = Vec::new();
    for (kernel, node, zone, refusal) in expected {
        let (zi, bi, pt) = capture(kernel);
        let p = import::parse(&zi, &bi, Some(&pt)).unwrap();
        let listed: Vec<(u32, String)> = p
            .choices()
            .into_iter()
            .filter(|_| true)
            .map(|c| (c.node, c.name))
            .collect();
        assert!(listed.contains(&(node, zone.to_string())), "{kernel}");
        let (got, diff) = import_zone(&zi, &bi, Some(&pt), node, zone);
        match (got, refusal) {
            (Ok(_), None) => {}
            (Err(e), Some(part)) => assert!(e.contains(part), "{kernel} {zone}: {e}"),
            (got, want) => panic!("{kernel} {zone}: {got:?}, expected {want:?}"),
        }
        report.push(format!("{kernel} {zone}: |F - nr_free_pages| = {diff}"));
    }
    // Every populated zone of every capture is in the table.
    for kernel in [
        "6.18.44-fc-v1272",
        "5.14.0-325.el9.x86_64",
        "4.18.0-80.11.2.el8_0.x86_64",
        "3.13.0-77-generic",
        "3.4.5",
    ] {
        let (zi, bi, _) = capture(kernel);
        let n = import::parse(&zi, &bi, None).unwrap().choices().len();
        let rows = expected.iter().filter(|e| e.0 == kernel).count();
        assert_eq!(n, rows, "{kernel}");
    }
    println!("{}", report.join("\n"));
}

/// This machine's own /proc, read buddyinfo first and zoneinfo right after (CI's machine has
/// both). The default zone imports and runs; the other zones import or are refused by the
/// model's checks with a message, never a panic.
#[test]
fn this_machines_proc_imports_and_runs() {
    let (Ok(bi), Ok(zi)) = (
        std::fs::read_to_string("/proc/buddyinfo"),
        std::fs::read_to_string("/proc/zoneinfo"),
    ) else {
        eprintln!("no /proc/buddyinfo or /proc/zoneinfo here: nothing to import");
        return;
    };
    let p = import::parse(&zi, &bi, None).unwrap();
    let default = p.pick(&Options::default()).unwrap();
    let (node, zone) = (default.node, default.name.clone());
    let mut imported_default = false;
    for c in p.choices() {
        let (got, diff) = import_zone(&zi, &bi, None, c.node, &c.name);
        println!("node {} {}: |F - nr_free_pages| = {diff}", c.node, c.name);
        match got {
            Ok(_) => imported_default |= c.node == node && c.name == zone,
            Err(e) => assert!(e.contains("does not fit the model"), "{e}"),
        }
    }
    assert!(imported_default, "the default zone, node {node} {zone}");
}

#[test]
fn a_zone_above_the_models_frames_is_refused_with_the_zones_that_fit_or_scaled_on_request() {
    let (zi, bi, pt) = capture("6.18.44-fc-v1272");
    let normal = Options {
        zone: Some("normal".into()),
        ..Options::default()
    };
    let e = import::import(&zi, &bi, None, &normal).unwrap_err().message;
    assert!(
        e.starts_with("zone Normal of node 0 (zoneinfo line 145): 1277952 managed pages; the model holds at most 1048576 (2^20) frames"),
        "{e}"
    );
    assert!(
        e.contains("The zones of this file that fit: DMA32 of node 0 (772848 pages). Or import it scaled ×1/2 (Scale ×1/2 in the dialog, --scale 2 on the command line)"),
        "{e}"
    );
    assert!(e.contains("the pcp batch (63) stay as they are"), "{e}");
    // DMA is within the frames but all free: it is not offered, since it would refuse too.
    let dma = Options {
        zone: Some("DMA".into()),
        ..Options::default()
    };
    let refused = import::import(&zi, &bi, None, &dma).unwrap_err().message;
    assert!(
        refused.contains("the free blocks do not fit in the zone"),
        "{refused}"
    );
    let scaled = Options { scale: 2, ..normal };
    let i = import::import(&zi, &bi, Some(&pt), &scaled).unwrap();
    let sc = &i.scenario;
    assert_eq!(sc.name, "node 0 Normal (/proc), scaled ×1/2");
    assert_eq!(
        (sc.zone.pages, sc.zone.min, sc.zone.low, sc.zone.high),
        (1277952 / 2, 10509 / 2, 13136 / 2, 15763 / 2)
    );
    assert_eq!(
        (sc.pcp.count, sc.pcp.high, sc.pcp.batch),
        (23663 / 2, 38505 / 2, 63)
    );
    assert_eq!(sc.pool.as_ref().map(|p| p.min_nr), Some(256));
    // What is said wherever the scenario's numbers are shown: the text account's heading
    // (in ASCII, as every text is).
    let text = bulkpool_allocator::explain::text::render(&simulate(sc, Mode::List).unwrap());
    let m = bulkpool_allocator::model::version::MODEL;
    assert!(
        text.starts_with(&format!(
            "bulkpool m={m}: node 0 Normal (/proc), scaled x1/2 ("
        )),
        "{}",
        &text[..200]
    );
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("Scaled x1/2: the zone's pages, free blocks"));
    assert!(i
        .notes
        .iter()
        .any(|n| n == "scaled ×1/2: 1277952 frames become 638976"));
    // A scale that still leaves too many frames, and one out of range.
    let e = import::import(
        &zi,
        &bi,
        None,
        &Options {
            scale: 1,
            ..scaled.clone()
        },
    );
    assert!(e.is_err());
    for scale in [0, import::MAX_SCALE + 1] {
        let e = import::import(
            &zi,
            &bi,
            None,
            &Options {
                scale,
                ..scaled.clone()
            },
        );
        assert_eq!(
            e.unwrap_err().message,
            format!("scale {scale}: it must be 1 (as is) to 65536")
        );
    }
}

/// `bulkpool import`: the library's scenario on stdout, its notes on stderr; a bad file, a
/// missing one or a bad option exits with status 2 and one line.
#[test]
fn the_cli_prints_the_scenario_and_its_notes() {
    use std::process::Command;
    let d = dir("4.18.0-80.11.2.el8_0.x86_64");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_bulkpool"))
            .arg("import")
            .args(args)
            .output()
            .unwrap()
    };
    let (zi, bi) = (d.join("zoneinfo"), d.join("buddyinfo"));
    let (zi, bi) = (zi.to_str().unwrap(), bi.to_str().unwrap());
    let o = run(&["--zoneinfo", zi, "--buddyinfo", bi]);
    assert!(o.status.success());
    let printed =
        bulkpool_allocator::Scenario::from_json(&String::from_utf8(o.stdout).unwrap()).unwrap();
    let (zt, bt, _) = capture("4.18.0-80.11.2.el8_0.x86_64");
    let lib = import::import(&zt, &bt, None, &Options::default()).unwrap();
    assert_eq!(printed, lib.scenario);
    let err = String::from_utf8(o.stderr).unwrap();
    let notes: Vec<String> = lib
        .notes
        .iter()
        .map(|n| format!("bulkpool import: note: {n}"))
        .collect();
    assert_eq!(err.lines().collect::<Vec<_>>(), notes);
    for (args, message) in [
        (
            vec!["--zoneinfo", bi, "--buddyinfo", bi],
            "bulkpool: zoneinfo line 1: `Node 0, zone      DMA      1",
        ),
        (
            vec!["--zoneinfo", zi, "--buddyinfo", "no/such/file"],
            "bulkpool: no/such/file: ",
        ),
        (
            vec!["--zoneinfo", zi, "--buddyinfo", bi, "--scale", "0"],
            "bulkpool: scale 0: it must be 1 (as is) to 65536",
        ),
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(err.starts_with(message), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(o.stdout.is_empty());
    }
}
