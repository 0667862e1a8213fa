#![cfg(not(target_arch = "wasm32"))]
//! Every step's kernel link points at the statement it models, and links never drift silently.
//!
//! - Every entry of `kernel::LINES` is checked against the released sources in
//!   `../shared/kernel/<v6.0|v6.19>/` (or `$BULKPOOL_KERNEL_DIR`): the file exists; the line is
//!   a statement (not a comment or a blank line); its code holds every listed name (and the
//!   test's `DISTINCT` words, as whole tokens); no other line of the function within `NEAR`
//!   lines fits those words too (so a link shifted by a line or two fails here); and it lies
//!   inside the named function. The checked table is written to `tests/kernel_lines.lock`
//!   only once all of that passes; where the sources are absent (a CI machine without them),
//!   the table must equal that lock file, i.e. nothing changed since it was checked.
//!   Regenerate with `UPDATE_KERNEL_LINES=1 cargo test -p bulkpool-allocator --test
//!   kernel_links` (refused where `CI` is set).
//! - Every event of every preset, in every mode and semantics it allows, resolves to a source
//!   whose tag is in the legend: K6.0, K6.5+ and K6.19 steps link a line of the run's kernel
//!   version (which statement, kernel_sites.rs checks); RFC and v2 steps link their patch mail.

use bulkpool_allocator::explain::kernel::{Kver, Site, LINES};
use bulkpool_allocator::explain::source::{source_of, CodeLink, PATCHES, TAGS};
use bulkpool_allocator::scenario::presets::PRESETS;
use bulkpool_allocator::{simulate, Mode, Semantics};
use std::path::{Path, PathBuf};

#[path = "kernel_links/c_text.rs"]
mod c_text;
mod common;
#[path = "kernel_links/scenarios.rs"]
mod scenarios;

use c_text::{blank_comments, tokens};

/// How far from a linked line no other line of its function may fit its words.
const NEAR: usize = 2;

/// Words for the rows whose `kernel.rs` words alone also fit a line within `NEAR` of theirs
/// (so that a link shifted onto that line would pass): whole tokens that only the linked
/// line's code has among its neighbours. Names only, no code.
const DISTINCT: &[(Site, Kver, &[&str])] = &[
    // `if (!pcp)` below `pcp = pcp_spin_trylock…(…)`.
    (Site::BulkTrylockFail, Kver::V6_0, &["if"]),
    (Site::BulkTrylockFail, Kver::V6_19, &["if"]),
    // `if (unlikely(!page))` below `page = __rmqueue_pcplist(…)`.
    (Site::BulkNoPage, Kver::V6_0, &["if", "unlikely"]),
    (Site::BulkNoPage, Kver::V6_19, &["if", "unlikely"]),
    // The test `gfp_temp != gfp_mask`, above the assignment `gfp_temp = gfp_mask`.
    (Site::MempoolAllocRetry, Kver::V6_0, &["if"]),
    (Site::MempoolAllocRetry, Kver::V6_19, &["if"]),
    // `if (elems[i])`, above `elems[i] = pool->alloc(…)`.
    (Site::MbSkip, Kver::V6_19, &["if"]),
];

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
        let code = blank_comments(&text);
        let code: Vec<&str> = code.lines().collect();
        let line = *line as usize;
        let Some(at) = code.get(line - 1) else {
            errors.push(format!("{site:?}: {file} has no line {line}"));
            continue;
        };
        let at_v = format!("{site:?}: {} {file}:{line}", v.name());
        if at.trim().is_empty() {
            errors.push(format!(
                "{at_v} is a comment or a blank line, not a statement"
            ));
            continue;
        }
        let distinct = DISTINCT
            .iter()
            .find(|(s, dv, _)| s == site && dv == v)
            .map_or(&[][..], |d| d.2);
        // Every word in the line's code (not in a comment), every distinguishing word a
        // whole token of it.
        let fits = |c: &str| {
            !c.trim().is_empty()
                && words.iter().all(|w| c.contains(w))
                && distinct.iter().all(|w| tokens(c).contains(w))
        };
        for w in *words {
            if !at.contains(w) {
                errors.push(format!("{at_v} lacks `{w}`"));
            }
        }
        for w in distinct {
            if !tokens(at).contains(w) {
                errors.push(format!("{at_v} lacks the distinguishing word `{w}`"));
            }
        }
        let f = enclosing_function(&lines, line);
        if f.as_deref() != Some(*function) {
            errors.push(format!("{at_v} is in {f:?}, not {function}"));
        }
        // The words tell the line apart from its neighbours: a link shifted by up to NEAR
        // lines within the function fails here, not only against the lock file.
        for near in (line.saturating_sub(NEAR)..=line + NEAR).filter(|&n| n >= 1 && n != line) {
            let Some(c) = code.get(near - 1) else {
                continue;
            };
            if fits(c) && enclosing_function(&lines, near).as_deref() == Some(*function) {
                errors.push(format!(
                    "{at_v}: its words {words:?} {distinct:?} also fit line {near}; add a \
                     distinguishing word to DISTINCT"
                ));
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    if common::env::update_requested("UPDATE_KERNEL_LINES") {
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
                            // The tag the legend explains and the line's kernel agree, and
                            // only mainline-6.19 links v6.19. Which line each step links is
                            // kernel_sites.rs's table.
                            let want = if sem == Semantics::Mainline6_19 {
                                Kver::V6_19
                            } else {
                                Kver::V6_0
                            };
                            assert_eq!(k.version, want, "{at}: links the wrong version");
                            let tag_version = if src.tag == "K6.0" {
                                Kver::V6_0
                            } else {
                                Kver::V6_19
                            };
                            assert_eq!(k.version, tag_version, "{at}: tag {}", src.tag);
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

#[test]
fn every_row_of_the_line_table_is_linked_by_some_step() {
    let mut used = std::collections::HashSet::new();
    let mut runs: Vec<(bulkpool_allocator::Scenario, Mode)> = scenarios::extra();
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
