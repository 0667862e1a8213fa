#![cfg(not(target_arch = "wasm32"))]
//! The rules of a text made for a mail, for every preset in every mode and every amount of
//! detail: ASCII, 72 columns (a lone URL excepted), every URL whole, the folded text within
//! its budget and losing nothing (every step is in it, or in the range of a fold line that
//! points back at earlier steps).

use bulkpool_allocator::explain::source::{lore_r, source_of, CodeLink};
use bulkpool_allocator::explain::step_text::{step_text, with_link};
use bulkpool_allocator::explain::text::{account, Detail};
use bulkpool_allocator::explain::wrap::check;
use bulkpool_allocator::scenario::presets::{find, PRESETS};
use bulkpool_allocator::{simulate, Mode, Trace};
use std::collections::BTreeMap;

/// The URLs a run's steps from `a` to `b` (0-based, end excluded) link to in a text.
fn urls(t: &Trace, a: usize, b: usize, kernel_lines: bool) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for ev in &t.events[a..b] {
        let src = source_of(ev, t.semantics);
        match src.code {
            Some(CodeLink::Kernel(k)) if kernel_lines => {
                out.insert(k.url());
            }
            Some(CodeLink::Patch(p)) => {
                out.insert(lore_r(p.id));
            }
            _ => {}
        }
        out.extend(src.lore.map(lore_r));
    }
    out
}

/// Each URL is in the text whole, and never at the end of a line that the next line would
/// have to continue.
fn assert_whole(text: &str, urls: &std::collections::BTreeSet<String>, at: &str) {
    let words: std::collections::BTreeSet<&str> = text.split_whitespace().collect();
    for u in urls {
        assert!(
            words.contains(u.as_str()),
            "{at}: {u} is not whole on a line"
        );
    }
}

/// A fold's steps `a..=b` and the ranges of steps it says they repeat.
type Fold = (usize, usize, Vec<(usize, usize)>);

/// The steps part of a text (from its first heading to the blank line after it): step
/// number -> its lines, and the fold lines' ranges with the steps they point back at.
struct Parsed {
    steps: BTreeMap<usize, String>,
    /// A fold's steps `a..=b` and the ranges of steps it says they repeat.
    folds: Vec<Fold>,
}

fn parse(text: &str, len: usize) -> Parsed {
    let digits = len.max(1).to_string().len();
    let mut steps: BTreeMap<usize, String> = BTreeMap::new();
    let mut folds = Vec::new();
    let mut current: Option<usize> = None;
    let body = text
        .lines()
        .skip_while(|l| !l.starts_with("== "))
        .take_while(|l| !l.is_empty());
    for line in body {
        if line.starts_with("== ") {
            current = None;
            continue;
        }
        let (number, rest) = line.split_at(digits.min(line.len()));
        if number.starts_with(' ') && number.trim().is_empty() {
            // A continuation line.
            let n = current.expect("a continuation follows a step");
            if let Some(s) = steps.get_mut(&n) {
                s.push_str(line);
                s.push('\n');
            }
            continue;
        }
        let a: usize = number.trim().parse().expect("a numbered line");
        if let Some(range) = rest.strip_prefix('-') {
            let (b, words) = range.split_once(' ').unwrap();
            // "Like steps c-d", "The same as step c", "Steps c-d and e-f again".
            let at_word = |w: &str| words.find(w).map(|i| &words[i + w.len()..]);
            let named = match (words.find("tep "), words.find("teps ")) {
                (Some(i), Some(j)) if j < i => at_word("teps "),
                (Some(_), _) => at_word("tep "),
                (None, _) => at_word("teps "),
            }
            .expect("a fold line names the steps it repeats");
            let mut refs = Vec::new();
            // Ranges joined by "and"; a comma, a colon or a stop ends the list.
            for raw in named.split(' ') {
                let word = raw.trim_end_matches([',', ':', '.', ';']);
                if word == "and" {
                    continue;
                }
                let (c, d) = word.split_once('-').unwrap_or((word, word));
                match (c.parse::<usize>(), d.parse::<usize>()) {
                    (Ok(c), Ok(d)) => refs.push((c, d)),
                    _ => break,
                }
                if word.len() < raw.len() {
                    break;
                }
            }
            assert!(
                !refs.is_empty(),
                "a fold line names the steps it repeats: {line}"
            );
            folds.push((a, b.parse().unwrap(), refs));
            current = Some(0);
            steps.entry(0).or_default();
        } else {
            steps.insert(a, format!("{line}\n"));
            current = Some(a);
        }
    }
    steps.remove(&0);
    Parsed { steps, folds }
}

#[test]
fn every_text_of_every_preset_in_every_mode_keeps_the_rules_of_a_mail() {
    let mut texts = 0;
    for p in PRESETS {
        for mode in Mode::ALL {
            let Ok(t) = simulate(&p.scenario(), mode) else {
                continue;
            };
            let n = t.len();
            let details = [
                Detail::Folded,
                Detail::Full,
                Detail::Summary,
                Detail::Steps(1, n.min(40)),
                Detail::Steps(n / 2 + 1, n),
            ];
            for d in details {
                let at = format!("{} {mode} {d:?}", p.id);
                let text = account(&t, d);
                check(&text).unwrap_or_else(|e| panic!("{at}: {e}"));
                let (a, b) = match d {
                    Detail::Steps(a, b) => (a - 1, b),
                    _ => (0, n),
                };
                assert_whole(&text, &urls(&t, a, b, false), &at);
                texts += 1;
            }
            // One step's text names its kernel line's address too, whole.
            for s in [1, n / 2, n].into_iter().filter(|&s| s > 0) {
                let text = step_text(&t, s);
                assert_whole(
                    &text,
                    &urls(&t, s - 1, s, true),
                    &format!("{} step {s}", p.id),
                );
            }
        }
    }
    assert!(texts > 250, "only {texts} texts");
}

#[test]
fn the_folded_text_keeps_every_step_or_folds_it_into_a_line_about_earlier_ones() {
    for p in PRESETS {
        for mode in Mode::ALL {
            let Ok(t) = simulate(&p.scenario(), mode) else {
                continue;
            };
            let at = format!("{} {mode}", p.id);
            let full = parse(&account(&t, Detail::Full), t.len());
            let folded = parse(&account(&t, Detail::Folded), t.len());
            assert_eq!(
                full.steps.keys().copied().collect::<Vec<_>>(),
                (1..=t.len()).collect::<Vec<_>>(),
                "{at}: --full has every step"
            );
            let mut covered = vec![0u32; t.len() + 1];
            for (n, lines) in &folded.steps {
                assert_eq!(
                    Some(lines),
                    full.steps.get(n),
                    "{at}: step {n} as in --full"
                );
                covered[*n] += 1;
            }
            // A reader finds every step a fold names: each named range starts at a step the
            // text shows or at the first step of a fold's line, and ends at a step it shows or
            // at the last step of a fold's line (never inside one).
            let starts: Vec<usize> = folded.folds.iter().map(|f| f.0).collect();
            let ends: Vec<usize> = folded.folds.iter().map(|f| f.1).collect();
            for (a, b, refs) in &folded.folds {
                let (a, b) = (*a, *b);
                assert!(a <= b && b <= t.len(), "{at}: fold {a}-{b}");
                for &(c, d) in refs {
                    assert!(
                        c <= d && d < a,
                        "{at}: fold {a}-{b} points at {c}-{d}, before it"
                    );
                    let shown = |k: usize| folded.steps.contains_key(&k);
                    assert!(
                        (shown(c) || starts.contains(&c)) && (shown(d) || ends.contains(&d)),
                        "{at}: fold {a}-{b} names steps {c}-{d}, which the text folds out of sight"
                    );
                }
                // A step inside a fold's range may also be shown: the fold's exceptions.
                for (k, c) in covered.iter_mut().enumerate().take(b + 1).skip(a) {
                    if !folded.steps.contains_key(&k) {
                        *c += 1;
                    }
                }
            }
            for (k, &c) in covered.iter().enumerate().skip(1) {
                assert_eq!(c, 1, "{at}: step {k} is shown or folded exactly once");
            }
        }
    }
}

#[test]
fn reply_sized_texts_stay_within_their_budgets() {
    for (id, budget) in [("s8", 120), ("s15c", 200)] {
        let p = find(id).unwrap();
        let sc = p.scenario();
        let t = simulate(&sc, sc.mode).unwrap();
        let folded = account(&t, Detail::Folded);
        let full = account(&t, Detail::Full);
        println!(
            "{id}: {} lines folded, {} in full",
            folded.lines().count(),
            full.lines().count()
        );
        assert!(
            folded.lines().count() <= budget,
            "{id}: {} lines, budget {budget}:\n{folded}",
            folded.lines().count()
        );
        // With the link the web's Copy adds, still within the budget's spirit: 2 more lines.
        let linked = with_link(
            &folded,
            "https://example.org/bulkpool/?v=1&m=2&s=s8&mode=list",
        );
        assert_eq!(linked.lines().count(), folded.lines().count() + 2);
    }
}
