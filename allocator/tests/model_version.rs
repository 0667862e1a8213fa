#![cfg(not(target_arch = "wasm32"))]
//! The model version keeps links honest: a fingerprint of every preset's run under every
//! semantics and mode (its events, its texts, its JSON summary) is kept in
//! `tests/model/fingerprints.txt` with the `MODEL` that made it. An output that changes while
//! `MODEL` stays fails here; so does a bump without its changelog entry (docs/CHANGELOG.md says
//! what `model::version::CHANGES` says).
//!
//! After a change of output: bump `MODEL`, add the entry, then
//! `UPDATE_FINGERPRINTS=1 cargo test -p bulkpool-allocator --test model_version`.

use bulkpool_allocator::explain::step_text::step_text;
use bulkpool_allocator::explain::text::{account, Detail};
use bulkpool_allocator::model::version::{CHANGES, MODEL};
use bulkpool_allocator::scenario::presets::PRESETS;
use bulkpool_allocator::{simulate, Mode, Semantics};
use std::collections::BTreeMap;
use std::hash::Hasher;

const FILE: &str = "tests/model/fingerprints.txt";

/// 16 hex digits of FNV-1a over `text`: a fixed algorithm, the same on every platform and
/// toolchain.
fn hash(text: &str) -> String {
    let mut h = fnv::FnvHasher::default();
    h.write(text.as_bytes());
    format!("{:016x}", h.finish())
}

/// The presets whose texts are too long to render in every combination: events and JSON
/// only, and the text of their last step.
const EVENTS_ONLY: [&str; 1] = ["big"];

/// "s5 list rfc-2022" -> "events=… text=… json=…", or "refused=…".
fn fingerprints() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for p in PRESETS {
        for sem in Semantics::ALL {
            for mode in Mode::ALL {
                let key = format!("{} {} {}", p.id, mode.name(), sem.name());
                let mut sc = p.scenario();
                sc.semantics = Some(sem);
                let t = match simulate(&sc, mode) {
                    Ok(t) => t,
                    Err(e) => {
                        out.insert(key, format!("refused={}", hash(&e.to_string())));
                        continue;
                    }
                };
                let events = serde_json::to_string(&t.events).unwrap();
                let n = t.len();
                let text = if EVENTS_ONLY.contains(&p.id) {
                    step_text(&t, n)
                } else {
                    let mut s = String::new();
                    for d in [Detail::Full, Detail::Folded, Detail::Summary] {
                        s.push_str(&account(&t, d));
                    }
                    for k in [0, n / 4, n / 2, 3 * n / 4, n] {
                        s.push_str(&step_text(&t, k));
                    }
                    s
                };
                let json = serde_json::to_string(&t.summary()).unwrap();
                out.insert(
                    key,
                    format!(
                        "events={} text={} json={}",
                        hash(&events),
                        hash(&text),
                        hash(&json)
                    ),
                );
            }
        }
    }
    out
}

fn read() -> (Option<u32>, BTreeMap<String, String>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut model = None;
    let mut runs = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        if let Some(m) = line.strip_prefix("model ") {
            model = m.parse().ok();
            continue;
        }
        let mut words = line.splitn(4, ' ');
        let key: Vec<&str> = words.by_ref().take(3).collect();
        runs.insert(key.join(" "), words.next().unwrap_or_default().to_string());
    }
    (model, runs)
}

fn write(runs: &BTreeMap<String, String>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
    let mut o = String::from(
        "# Written by tests/model_version.rs (UPDATE_FINGERPRINTS=1). One line per preset, mode\n\
         # and semantics: FNV-1a of its events, its texts (every step, folded, summary, five\n\
         # steps) and its JSON summary; `refused` for a combination that cannot run.\n",
    );
    o.push_str(&format!("model {MODEL}\n"));
    for (k, v) in runs {
        o.push_str(&format!("{k} {v}\n"));
    }
    std::fs::write(path, o).unwrap();
}

#[test]
fn an_output_changes_only_with_a_new_model() {
    let now = fingerprints();
    let (model, then) = read();
    let mut changed: Vec<String> = Vec::new();
    for (k, v) in &now {
        match then.get(k) {
            Some(w) if w == v => {}
            Some(w) => {
                let parts: Vec<&str> = ["events", "text", "json", "refused"]
                    .into_iter()
                    .filter(|p| {
                        let field = |s: &str| {
                            s.split(' ')
                                .find(|f| f.starts_with(&format!("{p}=")))
                                .map(str::to_string)
                        };
                        field(v) != field(w)
                    })
                    .collect();
                changed.push(format!("{k} ({})", parts.join(", ")));
            }
            None => changed.push(format!("{k} (new)")),
        }
    }
    changed.extend(
        then.keys()
            .filter(|k| !now.contains_key(*k))
            .map(|k| format!("{k} (gone)")),
    );
    let update = std::env::var_os("UPDATE_FINGERPRINTS").is_some();
    match model {
        Some(m) if m == MODEL => assert!(
            changed.is_empty(),
            "{} runs changed while the model stayed {MODEL}: bump MODEL in \
             allocator/src/model/version.rs, say what changed in CHANGES and \
             docs/CHANGELOG.md, then rerun with UPDATE_FINGERPRINTS=1. Changed:\n{}",
            changed.len(),
            changed.join("\n")
        ),
        Some(m) if m > MODEL => panic!("{FILE} was written by model {m}, this is {MODEL}"),
        _ if update => {
            println!(
                "model {MODEL}: {} runs changed since {model:?}:\n{}",
                changed.len(),
                changed.join("\n")
            );
            write(&now);
        }
        _ => panic!(
            "MODEL is {MODEL} but {FILE} holds model {model:?}: rerun with \
             UPDATE_FINGERPRINTS=1 ({} runs changed)",
            changed.len()
        ),
    }
    assert!(now.len() >= 300, "only {} runs", now.len());
}

#[test]
fn the_changelog_says_what_the_model_says() {
    let doc = include_str!("../../docs/CHANGELOG.md");
    for c in CHANGES {
        let head = format!("## Model {} ({})", c.model, c.date);
        let at = doc
            .find(&head)
            .unwrap_or_else(|| panic!("docs/CHANGELOG.md has no `{head}`"));
        let section = &doc[at..];
        let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
        for line in c.lines {
            assert!(
                section.contains(&format!("\n- {line}\n")),
                "docs/CHANGELOG.md, model {}: missing `- {line}`",
                c.model
            );
        }
        assert_eq!(
            section.contains("Steps moved"),
            c.steps_moved,
            "model {}: says whether steps moved",
            c.model
        );
    }
    // Newest first in the document, and nothing beyond this model.
    assert!(!doc.contains(&format!("## Model {}", MODEL + 1)));
}
