//! The `bulkpool` binary: listing, showing and running presets and files, the 72-column text,
//! the JSON summary's exact fields, and exit status 2 with a message for every kind of bad input.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

fn bulkpool(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bulkpool"))
        .args(args)
        .output()
        .expect("run bulkpool")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A file written for one test, in a directory of its own (its name and this process's id)
/// under the system's temporary directory; both go when it is dropped.
struct TempFile(std::path::PathBuf);

impl std::ops::Deref for TempFile {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn temp_file(name: &str, text: &str) -> TempFile {
    let dir = std::env::temp_dir().join(format!("bulkpool-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    TempFile(p)
}

#[test]
fn list_prints_every_preset_in_72_columns() {
    let o = bulkpool(&["list"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let starts: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    let ids: Vec<&str> = bulkpool_allocator::scenario::presets::PRESETS
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(starts, ids, "one entry per preset, in order");
    assert!(out
        .lines()
        .any(|l| l.starts_with("s5 ") && l.contains("sleep-5s")));
    for l in out.lines() {
        assert!(l.len() <= 72, "{} columns: {l}", l.len());
    }
}

#[test]
fn show_prints_a_scenario_that_runs_the_same_from_a_file() {
    let o = bulkpool(&["show", "s3"]);
    assert!(o.status.success());
    let file = temp_file("s3.json", &stdout(&o));
    let from_file = bulkpool(&["run", file.to_str().unwrap(), "--format", "json"]);
    let from_preset = bulkpool(&["run", "s3", "--format", "json"]);
    assert!(from_file.status.success(), "{}", stderr(&from_file));
    assert_eq!(stdout(&from_file), stdout(&from_preset));
}

#[test]
fn run_s5_text_tells_the_5_second_sleep_in_72_columns() {
    let o = bulkpool(&["run", "s5", "--format", "text", "--full"]);
    assert!(o.status.success());
    let out = stdout(&o);
    bulkpool_allocator::explain::wrap::check(&out).unwrap();
    assert!(out.contains("== Sleep (A), t = 0 ms"));
    assert!(out.contains("t = 5000 ms: A's 5 s sleep times out"));
    assert!(out.contains("t = 10000 ms: A's 5 s sleep times out"));
    assert!(out.contains("Direct reclaim frees 32 pages onto the pcp front"));
    // Wrapped anywhere but inside `F = 36`.
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("C = 31, F = 36"));
    assert!(out.contains("nr_free_pages 36 (min 32 low 40 high 48)"));
    assert!(out.contains("pcp count 28 high 32 batch 8"));
    assert!(out.contains(
        "A: result the bio, holds 8 pages (3 from the page allocator, 5 from\n    the reserve), 4 alloc_pages_bulk calls, 2 sleeps, 2 timeouts"
    ));
    // Every kernel step names its line, and the account ends with its sources.
    assert!(
        out.contains("[mm/page_alloc.c:4772]"),
        "direct reclaim's line"
    );
    assert!(out.contains("https://elixir.bootlin.com/linux/v6.0/source/<file>#L<line>"));
    assert!(
        out.contains(
            "\n  https://lore.kernel.org/r/20221005180341.1738796-5-shy828301@gmail.com\n"
        ),
        "RFC 4/4, whole on its line"
    );
}

#[test]
fn run_folds_by_default_and_gives_every_step_a_range_or_a_summary_on_request() {
    let folded = stdout(&bulkpool(&["run", "s8"]));
    let full = stdout(&bulkpool(&["run", "s8", "--full"]));
    assert!(folded.lines().count() <= 120, "{folded}");
    assert!(folded.contains("\nFolded: "), "{folded}");
    assert!(full.lines().count() > 300);
    for n in [1, 72, 100, 158] {
        assert!(full.contains(&format!("\n{n:>3} ")), "step {n} in --full");
    }
    let range = stdout(&bulkpool(&["run", "s8", "--steps", "60..75"]));
    assert!(range.contains("Steps 60-75 of 158; the state before step 60\n"));
    assert!(range.contains("\n 60 ") && range.contains("\n 75 "));
    assert!(!range.contains("\n 59 ") && !range.contains("\n 76 "));
    assert!(range.contains("State after step 75"));
    let summary = stdout(&bulkpool(&["run", "s8", "--summary"]));
    assert!(summary.contains("Outcome: deadlock"));
    assert!(summary.contains("work: ") && summary.contains("\nSources\n"));
    assert!(!summary.contains("\n  1 "), "no steps in the summary");
    for text in [&folded, &full, &range, &summary] {
        bulkpool_allocator::explain::wrap::check(text).unwrap();
    }
    assert_bad(&["run", "s8", "--steps", "80..70"], "steps 80..70");
    assert_bad(
        &["run", "s8", "--steps", "1..999"],
        "the run has steps 1 to 158",
    );
    assert_bad(&["run", "s8", "--full", "--summary"], "cannot be used with");
}

#[test]
fn a_refused_mode_names_the_modes_the_semantics_offers() {
    assert_bad(
        &["run", "s8", "--semantics", "mainline-6.19"],
        "offers array delivery, not list; run it with --mode array",
    );
    assert_bad(
        &["link", "s8c", "--mode", "list"],
        "run it with --mode array",
    );
    assert_bad(
        &["run", "s8", "--semantics", "v2-2023"],
        "run it with --mode array or --mode callback",
    );
}

#[test]
fn json_summary_has_exactly_the_documented_fields() {
    let o = bulkpool(&["run", "s1", "--mode", "array", "--format", "json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["delivery_applies"], serde_json::Value::Bool(true));
    assert_eq!(v["what_if"], serde_json::Value::Bool(false));
    let s15 = bulkpool(&["run", "s15", "--format", "json"]);
    let s15: serde_json::Value = serde_json::from_str(&stdout(&s15)).unwrap();
    assert_eq!(
        s15["delivery_applies"],
        serde_json::Value::Bool(false),
        "compound pages use no bulk interface"
    );
    let s = &v["summary"];
    let keys =
        |x: &serde_json::Value| -> Vec<String> { x.as_object().unwrap().keys().cloned().collect() };
    let mut top = keys(s);
    top.sort();
    assert_eq!(top, ["events", "outcome", "pool", "tasks", "work", "zone"]);
    let mut outcome = keys(&s["outcome"]);
    outcome.sort();
    assert_eq!(outcome, ["at_ms", "class", "rule", "waiting"]);
    assert_eq!(s["outcome"]["class"], "completed");
    // A dm-crypt task's result is what crypt_alloc_buffer returns: the clone bio.
    let s5 = bulkpool(&["run", "s5", "--format", "json"]);
    let s5: serde_json::Value = serde_json::from_str(&stdout(&s5)).unwrap();
    assert_eq!(s5["summary"]["tasks"][0]["result"], "bio");
    // A deadlock carries its class and the tasks left waiting.
    let s8 = bulkpool(&["run", "s8", "--format", "json"]);
    let s8: serde_json::Value = serde_json::from_str(&stdout(&s8)).unwrap();
    assert_eq!(s8["summary"]["outcome"]["class"], "deadlock");
    assert_eq!(
        s8["summary"]["outcome"]["waiting"],
        serde_json::json!(["A", "B"])
    );
    let mut task = keys(&s["tasks"][0]);
    task.sort();
    assert_eq!(
        task,
        [
            "bulk_calls",
            "from_bulk",
            "from_pool",
            "name",
            "pages",
            "result",
            "sleeps",
            "timeouts"
        ]
    );
    let mut zone = keys(&s["zone"]);
    zone.sort();
    assert_eq!(zone, ["buddy_free", "kswapd_woken", "pcp_count", "pgalloc"]);
    let mut pool = keys(&s["pool"]);
    pool.sort();
    assert_eq!(pool, ["curr_nr", "min_nr"]);
    let mut work = keys(&s["work"]);
    work.sort();
    assert_eq!(
        work,
        [
            "allocator_calls",
            "array_reads",
            "array_writes",
            "array_zeroing_writes",
            "bvec_writes",
            "callbacks",
            "list_inserts",
            "list_removes",
            "mempool_calls",
            "pcp_lock",
            "pool_lock",
            "watermark_checks",
            "zone_lock"
        ]
    );
    // One mempool bulk call, one alloc_pages_bulk; one watermark check (low + nr), one pcp
    // lock, and the pool never locked: s1 is served by the bulk call alone.
    assert_eq!(
        [
            &s["work"]["mempool_calls"],
            &s["work"]["allocator_calls"],
            &s["work"]["watermark_checks"],
            &s["work"]["pcp_lock"],
            &s["work"]["pool_lock"]
        ],
        [1, 1, 1, 1, 0].map(|n| serde_json::json!(n)).each_ref()
    );
    assert_eq!(s["tasks"][0]["result"], serde_json::json!(true));
    assert_eq!(s["work"]["array_reads"], serde_json::json!(17));
    assert_eq!(
        s["events"].as_u64().unwrap() as usize,
        v["events"].as_array().unwrap().len()
    );
    let ev = &v["events"][0];
    for field in ["step", "task", "phase", "narration", "source", "code"] {
        assert!(!ev[field].is_null(), "event field {field}");
    }
    let plain = bulkpool(&["run", "s9", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&plain)).unwrap();
    assert_eq!(
        v["summary"]["tasks"][0]["result"],
        serde_json::json!(8),
        "plain bulk calls return an integer"
    );
}

#[test]
fn semantics_switch_changes_the_outcome() {
    let o = bulkpool(&[
        "run",
        "s11",
        "--semantics",
        "pre-may-2022",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["summary"]["tasks"][0]["result"], serde_json::json!(4));
    assert_eq!(
        v["summary"]["zone"]["kswapd_woken"],
        serde_json::json!(false)
    );
}

fn assert_bad(args: &[&str], needle: &str) {
    let o = bulkpool(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(needle),
        "{args:?}: expected `{needle}` in {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn bad_input_exits_2_with_a_clear_message_and_no_panic() {
    assert_bad(&["run", "s99"], "neither a preset");
    assert_bad(&["show", "nope"], "no preset `nope`");
    assert_bad(&["run", "s1", "--mode", "tree"], "invalid value 'tree'");
    assert_bad(&["run", "s1", "--semantics", "k9"], "invalid value 'k9'");
    assert_bad(
        &["run", "s1", "--mode", "callback", "--semantics", "rfc-2022"],
        "rfc-2022 offers list and array delivery, not callback",
    );
    assert_bad(
        &[
            "run",
            "s9",
            "--mode",
            "list",
            "--semantics",
            "mainline-6.19",
        ],
        "list interface was removed",
    );
    let cases = [
        ("syntax.json", "{ \"zone\": ", "line 1 column"),
        (
            "unknown.json",
            r#"{ "zone": { "pagez": 10 } }"#,
            "unknown field `pagez`",
        ),
        (
            "frames.json",
            r#"{ "zone": { "pages": 2097152 } }"#,
            "zone.pages: 2097152 is out of range (allowed 16 to 1048576)",
        ),
        (
            "request.json",
            r#"{ "tasks": [ { "name": "A", "ops": [ { "op": "mempool_bulk", "nr": 65537 } ] } ] }"#,
            "tasks[0].ops[0].nr: 65537 is out of range (allowed 1 to 65536)",
        ),
        (
            "gfp.json",
            r#"{ "tasks": [ { "name": "A", "ops": [ { "op": "bulk", "nr": 8, "gfp": "GFP_BOGUS" } ] } ] }"#,
            "unknown GFP flag `GFP_BOGUS`",
        ),
        (
            "fit.json",
            r#"{ "zone": { "free": 1000 }, "pcp": { "count": 100 } }"#,
            "pcp.count: needs 100 pages",
        ),
        (
            "events.json",
            r#"{ "mode": "array", "horizon_ms": 3600000, "zone": { "pages": 1048576 }, "pool": { "min_nr": 65536 }, "tasks": [ { "name": "A", "ops": [ { "op": "mempool_bulk", "nr": 65536, "consume": true }, { "op": "mempool_bulk", "nr": 65536 } ] }, { "name": "B", "ops": [ { "op": "free_all" } ] } ] }"#,
            "the limit is 1000000",
        ),
        (
            "watermarks.json",
            r#"{ "zone": { "min": 50, "low": 40 } }"#,
            "min <= low <= high",
        ),
        ("empty.json", r#"{ "tasks": [] }"#, "at least one task"),
        // shared/inputs.md: these overflowed (a panic in debug, a wrap in release and wasm).
        (
            "n_allocated.json",
            r#"{"semantics":"mainline-6.19","pool":{"min_nr":8,"dm_crypt_limit":100,"n_allocated":18446744073709551615},"tasks":[{"name":"A","ops":[{"op":"dm_crypt","pages":4}]}]}"#,
            "pool.n_allocated: 18446744073709551615 is out of range (allowed 0 to 1048576)",
        ),
        (
            "reserved_free.json",
            r#"{"zone":{"buddyinfo":[0,0,0,2,1],"reserved_free":18446744073709551615}}"#,
            "zone.reserved_free: 18446744073709551615 is out of range (allowed 0 to 1024)",
        ),
    ];
    for (name, text, needle) in cases {
        let p = temp_file(name, text);
        assert_bad(&["run", p.to_str().unwrap()], needle);
    }
}

#[test]
fn an_oversized_file_is_refused_before_parsing() {
    let p = temp_file("huge.json", &" ".repeat(5 << 20));
    assert_bad(&["run", p.to_str().unwrap()], "scenario files are limited");
}

#[test]
fn link_prints_the_permalink_and_a_variant_file_as_overrides() {
    let base = "https://example.org/tools/bulkpool/";
    let o = bulkpool(&[
        "link", "s5", "--mode", "list", "--step", "36", "--base", base,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m = bulkpool_allocator::model::version::MODEL;
    assert_eq!(
        stdout(&o),
        format!("{base}?v=1&m={m}&s=s5&mode=list&step=36\n")
    );
    let shown = stdout(&bulkpool(&["show", "s5"])).replace("\"free\": 28", "\"free\": 30");
    let file = temp_file("variant.json", &shown);
    let o = bulkpool(&["link", file.to_str().unwrap(), "--base", base]);
    // The mode is written as the web writes it: always.
    assert_eq!(
        stdout(&o),
        format!("{base}?v=1&m={m}&s=s5&o=zone.free:30&mode=list\n")
    );
    // Without a base it says where the link points.
    let o = bulkpool(&["link", "s1"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("no --base given"), "{}", stderr(&o));
}

#[test]
fn run_step_prints_one_step_with_the_variant_and_the_link() {
    let shown = stdout(&bulkpool(&["show", "s5"])).replace("\"free\": 28", "\"free\": 30");
    let file = temp_file("variant-run.json", &shown);
    let o = bulkpool(&[
        "run",
        file.to_str().unwrap(),
        "--step",
        "3",
        "--link-base",
        "https://e.org/b/",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[1], "Variant: s5 + zone.free=30");
    assert!(lines[2].starts_with("Step 3 of "), "{out}");
    let m = bulkpool_allocator::model::version::MODEL;
    assert_eq!(
        lines.last().copied(),
        Some(
            format!("Link: https://e.org/b/?v=1&m={m}&s=s5&o=zone.free:30&mode=list&step=3")
                .as_str()
        )
    );
    for l in &lines {
        assert!(l.chars().count() <= 72, "{l}");
    }
}

#[test]
fn bad_link_arguments_exit_2_with_a_message() {
    for (args, want) in [
        (
            vec!["link", "s5", "--base", "notaurl"],
            "is not a site address",
        ),
        (
            vec!["run", "s5", "--link-base", "http://x/?a=1"],
            "is not a site address",
        ),
        (
            vec!["run", "s5", "--step", "999"],
            "the run has steps 0 to 78",
        ),
        (
            vec!["run", "s5", "--step", "3", "--format", "json"],
            "print text only",
        ),
        (vec!["link", "nope"], "neither a preset"),
    ] {
        let o = bulkpool(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
}
