#![cfg(not(target_arch = "wasm32"))]
//! Every step's kernel link points at the statement it models, and links never drift silently.
//!
//! - Every entry of `kernel::LINES` is checked against the released sources in
//!   `../shared/kernel/<v6.0|v6.19>/` (or `$BULKPOOL_KERNEL_DIR`): the file exists, the line
//!   holds every listed name, and it lies inside the named function. The checked table is
//!   written to `tests/kernel_lines.lock`; where the sources are absent (a CI machine without
//!   them), the table must equal that lock file, i.e. nothing changed since it was checked.
//!   Regenerate with `UPDATE_KERNEL_LINES=1 cargo test -p bulkpool-allocator --test kernel_links`.
//! - Every event of every preset, in every mode and semantics it allows, resolves to a source:
//!   K6.0, K6.5+ and K6.19 steps link a kernel line inside the function they name; RFC and v2
//!   steps link their patch mail.

use bulkpool_allocator::explain::kernel::{Kver, LINES};
use bulkpool_allocator::explain::source::{source_of, CodeLink, PATCHES, TAGS};
use bulkpool_allocator::scenario::presets::PRESETS;
use bulkpool_allocator::{simulate, Mode, Semantics};
use std::path::{Path, PathBuf};

fn kernel_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("BULKPOOL_KERNEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/kernel"));
    dir.join("v6.0").is_dir().then_some(dir)
}

/// The function a line (1-based) lies in: the nearest line above it that starts at column 0
/// with a declaration containing `(`, provided no column-0 `}` closes a body in between.
fn enclosing_function(lines: &[&str], line: usize) -> Option<String> {
    for j in (0..line).rev() {
        let l = lines[j];
        if j + 1 < line && l.starts_with('}') {
            return None;
        }
        let Some(first) = l.chars().next() else {
            continue;
        };
        if first.is_whitespace() || "{}#/*".contains(first) || !l.contains('(') {
            continue;
        }
        if l.trim_end().ends_with(';') {
            continue;
        }
        let head = &l[..l.find('(')?];
        let name: String = head
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if !name.is_empty() {
            return Some(name);
        }
    }
    None
}

/// The lines of `a` missing from `b`, for a readable mismatch.
fn missing(a: &str, b: &str) -> Vec<String> {
    a.lines()
        .filter(|l| !b.lines().any(|m| m == *l))
        .map(str::to_string)
        .collect()
}

fn lock_text() -> String {
    let mut out = String::from(
        "# Kernel lines bulkpool links to, checked against the released sources.\n\
         # version file line function words\n",
    );
    for (site, v, file, line, function, words) in LINES {
        out.push_str(&format!(
            "{:?} {} {file} {line} {function} {}\n",
            site,
            v.name(),
            words.join(",")
        ));
    }
    out
}

#[test]
fn every_linked_line_is_the_statement_it_names() {
    let lock_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kernel_lines.lock");
    let Some(dir) = kernel_dir() else {
        let (got, want) = (
            lock_text(),
            std::fs::read_to_string(&lock_path).unwrap_or_default(),
        );
        assert!(
            got == want,
            "the kernel sources are not here to check the links, and kernel.rs differs from \
             tests/kernel_lines.lock: check the changed lines against the sources and \
             regenerate the lock file with UPDATE_KERNEL_LINES=1.\nnew: {:#?}\ngone: {:#?}",
            missing(&got, &want),
            missing(&want, &got)
        );
        eprintln!("kernel sources absent: links checked against tests/kernel_lines.lock");
        return;
    };
    let mut errors = Vec::new();
    for (site, v, file, line, function, words) in LINES {
        let path = dir.join(v.name()).join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            errors.push(format!("{site:?}: {} does not exist", path.display()));
            continue;
        };
        let lines: Vec<&str> = text.lines().collect();
        let Some(at) = lines.get(*line as usize - 1) else {
            errors.push(format!("{site:?}: {file} has no line {line}"));
            continue;
        };
        for w in *words {
            if !at.contains(w) {
                errors.push(format!("{site:?}: {} {file}:{line} lacks `{w}`", v.name()));
            }
        }
        let f = enclosing_function(&lines, *line as usize);
        if f.as_deref() != Some(*function) {
            errors.push(format!(
                "{site:?}: {} {file}:{line} is in {f:?}, not {function}",
                v.name()
            ));
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    if std::env::var_os("UPDATE_KERNEL_LINES").is_some() {
        std::fs::write(&lock_path, lock_text()).unwrap();
    }
    let (got, want) = (
        lock_text(),
        std::fs::read_to_string(&lock_path).unwrap_or_default(),
    );
    assert!(
        got == want,
        "tests/kernel_lines.lock is stale; rerun with UPDATE_KERNEL_LINES=1.\nnew: {:#?}\ngone: {:#?}",
        missing(&got, &want),
        missing(&want, &got)
    );
}

#[test]
fn every_step_of_every_preset_links_its_source() {
    let mut kernel_steps = 0usize;
    let mut patch_steps = 0usize;
    for p in PRESETS {
        let sc = p.scenario();
        for mode in Mode::ALL {
            for sem in Semantics::ALL {
                let mut sc = sc.clone();
                sc.semantics = Some(sem);
                let Ok(trace) = simulate(&sc, mode) else {
                    continue;
                };
                for (i, ev) in trace.events.iter().enumerate() {
                    let src = source_of(ev, sem);
                    let at = format!("{} {mode} {sem} step {}: {ev:?}", p.id, i + 1);
                    assert!(
                        TAGS.iter().any(|t| t.0 == src.tag),
                        "{at}: tag {} missing from the legend",
                        src.tag
                    );
                    assert!(
                        !src.what.contains("domain.md"),
                        "{at}: cites a file the app does not ship"
                    );
                    match (src.tag, src.code) {
                        ("K6.0" | "K6.5+" | "K6.19", Some(CodeLink::Kernel(k))) => {
                            kernel_steps += 1;
                            assert_eq!(src.what, k.function, "{at}");
                            let want = if sem == Semantics::Mainline6_19 {
                                Kver::V6_19
                            } else {
                                Kver::V6_0
                            };
                            assert_eq!(k.version, want, "{at}: links the wrong version");
                            assert!(
                                LINES
                                    .iter()
                                    .any(|l| l.1 == k.version && l.2 == k.file && l.3 == k.line),
                                "{at}: a line outside the checked table"
                            );
                        }
                        ("K6.0" | "K6.5+" | "K6.19", other) => {
                            panic!("{at}: a kernel step without a kernel line ({other:?})")
                        }
                        ("RFC-2022" | "V2-2023" | "K7.0", Some(CodeLink::Patch(patch))) => {
                            patch_steps += 1;
                            assert!(PATCHES.contains(&patch), "{at}");
                        }
                        ("RFC-2022" | "V2-2023" | "K7.0", other) => {
                            panic!("{at}: a patch step without its mail ({other:?})")
                        }
                        ("SIMPL" | "K5.13-5.18", _) => {}
                        (tag, _) => panic!("{at}: unknown tag {tag}"),
                    }
                    if src.tag == "RFC-2022" {
                        assert_eq!(sem, Semantics::Rfc2022, "{at}: RFC tag outside the RFC");
                    }
                }
            }
        }
    }
    assert!(kernel_steps > 10_000, "only {kernel_steps} kernel steps");
    assert!(patch_steps > 1_000, "only {patch_steps} patch steps");
}

#[test]
fn patch_ids_are_the_ones_domain_md_and_the_archive_name() {
    // domain.md §14 lists the RFC parts and the v2 cover; the v2 parts follow the cover's
    // git-send-email numbering (checked against the list archive, docs/MODEL.md).
    let domain = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/domain.md");
    let text = std::fs::read_to_string(domain).ok();
    // The v2 parts, read in the list archive: 1/5 (-2), 3/5 (-4), 5/5 (-6).
    const ARCHIVE_CHECKED: [&str; 3] = [
        "20230214190221.1156876-2-shy828301@gmail.com",
        "20230214190221.1156876-4-shy828301@gmail.com",
        "20230214190221.1156876-6-shy828301@gmail.com",
    ];
    for p in PATCHES {
        // <date>.<n>-<part>-<sender>: the cover letter is part 1.
        let mut parts = p.id.splitn(3, '-');
        let (stem, part, sender) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        assert!(
            part.parse::<u32>().is_ok() && sender.contains('@'),
            "{}",
            p.id
        );
        let cover = format!("{stem}-1-{sender}");
        let Some(t) = &text else { continue };
        assert!(
            t.contains(&cover),
            "{} ({}): its series is not in domain.md §14",
            p.id,
            p.label
        );
        let named = t.contains(p.id)
            || t.contains(&format!("(-{part})"))
            || ARCHIVE_CHECKED.contains(&p.id);
        assert!(named, "{} ({}) is not in domain.md §14", p.id, p.label);
    }
}

#[test]
fn enclosing_function_finds_the_definition_and_stops_at_a_closing_brace() {
    let src = "static int\nfoo(int a,\n\tint b)\n{\n\treturn a;\n}\n\nint x;\n\nvoid bar(void)\n{\nretry:\n\tbaz();\n}\n";
    let lines: Vec<&str> = src.lines().collect();
    assert_eq!(enclosing_function(&lines, 5).as_deref(), Some("foo"));
    assert_eq!(
        enclosing_function(&lines, 12).as_deref(),
        Some("bar"),
        "a label is not a definition"
    );
    assert_eq!(enclosing_function(&lines, 13).as_deref(), Some("bar"));
    assert_eq!(
        enclosing_function(&lines, 10).as_deref(),
        Some("bar"),
        "the definition line itself"
    );
    assert_eq!(enclosing_function(&lines, 8), None, "outside any function");
}

/// Scenarios beyond the presets that reach the remaining linked statements: mempool_init and
/// mempool_resize, a zero-minimum pool under 6.19, and requests that are too small to fail.
fn extra_scenarios() -> Vec<(bulkpool_allocator::Scenario, Mode)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut out = Vec::new();
    for name in [
        "lost_wakeup_619.json",
        "lost_wakeup_619_pool_only.json",
        "window_k60.json",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let sc = bulkpool_allocator::Scenario::from_json(&text).unwrap();
        let mode = sc.mode;
        out.push((sc, mode));
    }
    for sem in ["k6.0", "mainline-6.19"] {
        let setup = format!(
            r#"{{ "semantics": "{sem}", "mode": "array", "pool": {{ "min_nr": 4, "curr_nr": 0 }},
               "tasks": [ {{ "name": "A", "holds": 2, "ops": [ {{ "op": "mempool_init" }},
                 {{ "op": "resize", "min_nr": 2 }}, {{ "op": "resize", "min_nr": 6 }},
                 {{ "op": "free", "count": 2 }} ] }} ] }}"#
        );
        out.push((
            bulkpool_allocator::Scenario::from_json(&setup).unwrap(),
            Mode::Array,
        ));
        // Below min, nothing reclaimable, GFP_NOIO: the request loops until kswapd, which
        // may write the dirty pages back, grows the buddy; the retry finds kswapd asleep.
        let noio = format!(
            r#"{{ "semantics": "{sem}", "mode": "array", "pool": null, "horizon_ms": 5000,
               "zone": {{ "free": 30, "reclaimable_dirty": 2, "kswapd_rate": 1 }},
               "tasks": [ {{ "name": "A", "ops": [ {{ "op": "bulk", "nr": 1, "gfp": "GFP_NOIO" }} ] }} ] }}"#
        );
        out.push((
            bulkpool_allocator::Scenario::from_json(&noio).unwrap(),
            Mode::Array,
        ));
    }
    // mempool_alloc_bulk asked for more than the pool keeps.
    let over = r#"{ "semantics": "mainline-6.19", "mode": "array", "pool": { "min_nr": 2 }, "horizon_ms": 100,
        "tasks": [ { "name": "A", "ops": [ { "op": "mempool_bulk", "nr": 3, "bulk_first": false } ] } ] }"#;
    out.push((
        bulkpool_allocator::Scenario::from_json(over).unwrap(),
        Mode::Array,
    ));
    let zero = r#"{ "semantics": "mainline-6.19", "mode": "array", "pool": { "min_nr": 0, "curr_nr": 0 },
        "tasks": [ { "name": "A", "holds": 1, "ops": [ { "op": "free", "count": 1 } ] } ] }"#;
    out.push((
        bulkpool_allocator::Scenario::from_json(zero).unwrap(),
        Mode::Array,
    ));
    for sem in ["k6.0", "mainline-6.19"] {
        let runs = [
            // Reclaim makes progress onto the pcp, min still fails: drain_all_pages.
            r#"{ "zone": { "free": 30, "reclaimable_clean": 10 }, "pool": null,
                 "tasks": [ { "name": "A", "ops": [ { "op": "bulk", "nr": 1 } ] } ] }"#,
            // GFP_KERNEL with nothing to reclaim: too small to fail, the OOM path.
            r#"{ "zone": { "free": 30, "kswapd_rate": 0 }, "pool": null,
                 "tasks": [ { "name": "A", "ops": [ { "op": "bulk", "nr": 1 } ] } ] }"#,
            // A parked request retries after kswapd went back to sleep; frees to the buddy
            // while a remote drain holds the pcp lock.
            r#"{ "zone": { "free": 30, "kswapd_rate": 0 }, "pcp": { "locked_by_other": true }, "pool": null,
                 "tasks": [ { "name": "A", "ops": [ { "op": "bulk", "nr": 1, "gfp": "GFP_NOIO" } ] },
                            { "name": "B", "holds": 3, "ops": [ { "op": "io", "ms": 100 }, { "op": "free_pages", "count": 3 } ] } ] }"#,
            // A non-sleeping request below min wakes kswapd, which reclaims past high and
            // goes back to sleep, balanced.
            r#"{ "zone": { "free": 30, "reclaimable_clean": 40, "kswapd_rate": 8 }, "pool": null,
                 "tasks": [ { "name": "A", "ops": [ { "op": "bulk", "nr": 1, "gfp": "GFP_NOWAIT" } ] } ] }"#,
            // Caller bugs the kernel warns about: __GFP_ZERO with mempool_alloc.
            r#"{ "pool": { "min_nr": 2 },
                 "tasks": [ { "name": "A", "ops": [ { "op": "mempool_alloc", "count": 1, "gfp": "GFP_NOIO|ZERO" } ] } ] }"#,
            // dm-crypt's crypt_page_free when the reserve is full.
            r#"{ "pool": { "min_nr": 2, "dm_crypt_limit": 100, "n_allocated": 5 },
                 "tasks": [ { "name": "A", "holds": 2, "ops": [ { "op": "free", "count": 2 } ] } ] }"#,
        ];
        for run in runs {
            let mut sc = bulkpool_allocator::Scenario::from_json(run).unwrap();
            sc.semantics = Some(Semantics::parse(sem).unwrap());
            sc.mode = Mode::Array;
            out.push((sc, Mode::Array));
        }
    }
    // v6.5+ frees a bio of compound pages: uncount, then folio_put.
    let mut s15 = bulkpool_allocator::scenario::presets::find("s15")
        .unwrap()
        .scenario();
    s15.tasks[0].ops.push(bulkpool_allocator::Op::FreeAll);
    out.push((s15, Mode::Array));
    out
}

#[test]
fn every_row_of_the_line_table_is_linked_by_some_step() {
    let mut used = std::collections::HashSet::new();
    let mut runs: Vec<(bulkpool_allocator::Scenario, Mode)> = extra_scenarios();
    for p in PRESETS {
        for sem in Semantics::ALL {
            for mode in Mode::ALL {
                let mut sc = p.scenario();
                sc.semantics = Some(sem);
                runs.push((sc, mode));
            }
        }
    }
    for (sc, mode) in runs {
        let Ok(trace) = simulate(&sc, mode) else {
            continue;
        };
        for ev in &trace.events {
            if let Some(CodeLink::Kernel(k)) = source_of(ev, trace.semantics).code {
                used.insert((k.version, k.file, k.line));
            }
        }
    }
    let unused: Vec<String> = LINES
        .iter()
        .filter(|(_, v, f, l, ..)| !used.contains(&(*v, *f, *l)))
        .map(|(s, v, f, l, ..)| format!("{s:?} {} {f}:{l}", v.name()))
        .collect();
    assert!(unused.is_empty(), "rows no step links: {unused:#?}");
}
