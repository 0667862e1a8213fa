//! Folding a run's repeated steps for a reply-sized text: a section (the steps of one task in
//! one phase, under one heading) that repeats earlier sections step for step becomes one line
//! saying which steps it repeats, how often, and what changed meanwhile ("101-158 Steps
//! 72-100 again, 2 more times (...): t = 10000 -> 20000 ms; no task gains a page.").
//!
//! Two steps are alike when their narrations are equal once task names and numbers are
//! blanked, in the same phase and with the same code line. A fold only points back at steps
//! the text shows in full, and only where it saves lines.

use crate::explain::narrate::{count, narrate};
use crate::explain::source::{source_of_run, CodeLink};
use crate::explain::wrap::{wrap, GLUE};
use crate::model::task::TaskState;
use crate::trace::Trace;
use std::collections::HashMap;

/// One step as the text shows it, and what folding compares.
pub(crate) struct Step {
    /// The phase and task: a new one starts a section (and prints a heading).
    pub key: (&'static str, u8),
    pub heading: String,
    /// The step's numbered line(s), wrapped.
    pub body: String,
    shape: u32,
    exact: u32,
    after: Snapshot,
}

/// What a fold line reports the change of: the clock, each task's pages and whether it is
/// done, and the reserve (curr_nr, min_nr).
#[derive(Clone)]
pub(crate) struct Snapshot {
    now_ms: u64,
    pages: Vec<u32>,
    done: Vec<bool>,
    reserve: Option<(u32, u32)>,
}

impl Snapshot {
    pub(crate) fn of(w: &crate::World) -> Snapshot {
        Snapshot {
            now_ms: w.now_ms,
            pages: w.tasks.iter().map(|k| k.page_count()).collect(),
            done: w.tasks.iter().map(|k| k.state == TaskState::Done).collect(),
            reserve: w.pool.as_ref().map(|p| (p.curr_nr(), p.min_nr)),
        }
    }
}

/// What the steps part of a text prints, in order.
pub(crate) enum Piece {
    /// Steps `a..b` (0-based, end excluded) in full.
    Full(usize, usize),
    /// Steps `a..b` folded into `line`, but for the steps in `except`, printed in full after it.
    Fold {
        a: usize,
        b: usize,
        line: String,
        except: Vec<usize>,
    },
}

/// Masks task names (already blanked by the narrator) and digits.
fn shape_of(text: &str) -> String {
    let mut o = String::with_capacity(text.len());
    let mut digit = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !digit {
                o.push('#');
            }
            digit = true;
        } else {
            o.push(c);
            digit = false;
        }
    }
    o
}

fn intern(table: &mut HashMap<String, u32>, s: String) -> u32 {
    let n = table.len() as u32;
    *table.entry(s).or_insert(n)
}

/// Every step of `t`, rendered and compared. `heading` writes a section's heading.
pub(crate) fn steps(t: &Trace, heading: impl Fn(&crate::Event, u64) -> String) -> Vec<Step> {
    let names = |id: u8| t.task_name(id).to_string();
    let blank = |_: u8| "\u{1}".to_string();
    let digits = t.len().max(1).to_string().len();
    let mut shapes = HashMap::new();
    let mut exacts = HashMap::new();
    let mut out = Vec::with_capacity(t.len());
    t.for_each_step(|i, ev, w| {
        let mut line = narrate(ev, w, t.rules(), &names);
        let label = source_of_run(ev, t.rules()).code.map(|c| match c {
            // A what-if's step may link another version's line: it says which.
            CodeLink::Kernel(k) if k.version != crate::explain::text::own_kernel(t) => {
                format!("{} {}", k.version.name(), c.label())
            }
            _ => c.label(),
        });
        if let Some(code) = &label {
            // Glued, so that `[RFC 2/4]` stays on one line.
            line.push_str(&format!(" [{}]", code.replace(' ', &GLUE.to_string())));
        }
        let num = format!("{:>digits$} ", i + 1);
        let body = wrap(&line, &num, &" ".repeat(num.len()));
        let masked = narrate(ev, w, t.rules(), &blank);
        let phase = ev.phase.name();
        let shape = format!(
            "{phase}\n{}\n{}",
            shape_of(&masked),
            label.unwrap_or_default()
        );
        let exact = format!("{phase}\n{line}");
        out.push(Step {
            key: (phase, ev.task),
            heading: heading(ev, w.now_ms),
            body,
            shape: intern(&mut shapes, shape),
            exact: intern(&mut exacts, exact),
            after: Snapshot::of(w),
        });
    });
    out
}

/// The lines steps `a..b` print in full: their headings (one at `a` when `head`) and steps.
fn full_lines(steps: &[Step], a: usize, b: usize, head: bool) -> usize {
    (a..b)
        .map(|i| {
            let heading = if i == a {
                head
            } else {
                steps[i - 1].key != steps[i].key
            };
            usize::from(heading) + steps[i].body.lines().count()
        })
        .sum()
}

/// At most this many earlier places are tried for each step.
const CANDIDATES: usize = 64;
/// A fold must save at least this many lines.
const MIN_SAVED: usize = 3;

/// A way to fold steps from `i` on: `len` steps like those from `j` (repeated `times` when
/// periodic), but for the steps in `except`.
struct Match {
    j: usize,
    len: usize,
    times: usize,
    except: Vec<usize>,
}

/// The longest match of the steps from `i` with those from `j`: exact and periodic when it
/// runs into `i` itself, else a copy that may skip a differing step now and then (at most one
/// in four, each followed by two that agree).
fn matching(steps: &[Step], i: usize, j: usize) -> Match {
    let shape = |k: usize| steps[k].shape;
    let n = steps.len();
    let mut len = 0;
    while i + len < n && shape(i + len) == shape(j + len) {
        len += 1;
    }
    if j + len > i {
        let period = i - j;
        let times = len / period;
        return Match {
            j,
            len: times * period,
            times,
            except: Vec::new(),
        };
    }
    let mut except = Vec::new();
    loop {
        let k = len;
        let agree =
            |d: usize| i + k + d < n && j + k + d < i && shape(i + k + d) == shape(j + k + d);
        if !(agree(1) && agree(2) && (except.len() + 1) * 4 <= k + 1) {
            break;
        }
        except.push(i + k);
        len += 1;
        while i + len < n && j + len < i && shape(i + len) == shape(j + len) {
            len += 1;
        }
    }
    Match {
        j,
        len,
        times: 1,
        except,
    }
}

/// The best fold of the steps from `i`, if any saves `MIN_SAVED` lines: (score, fold, its
/// line). `head`: whether step `i` in full would print a heading.
fn best_at(
    t: &Trace,
    steps: &[Step],
    seen: &HashMap<u32, Vec<usize>>,
    (shown, blocks): (&[usize], &[(usize, usize)]),
    i: usize,
    head: bool,
    start: &Snapshot,
) -> Option<(usize, Match, String)> {
    let mut best: Option<(usize, Match, String)> = None;
    for &j in seen
        .get(&steps[i].shape)
        .into_iter()
        .flatten()
        .rev()
        .take(CANDIDATES)
    {
        if j >= i {
            continue;
        }
        let m = matching(steps, i, j);
        if m.len == 0 {
            continue;
        }
        // The steps it repeats, named so that a reader finds them: a range whose ends are not
        // inside a fold's line; else, each folded step by the step shown in full that it is
        // like.
        let period = if m.j + m.len > i { i - m.j } else { m.len };
        let last = m.j + period - 1;
        let refs: Vec<usize> = if blocks[m.j].0 == m.j && blocks[last].1 == last + 1 {
            (m.j..=last).collect()
        } else {
            (m.j..=last).map(|k| shown[k]).collect()
        };
        if runs(&refs).len() > MAX_RUNS {
            continue;
        }
        let line = fold_line(t, steps, i, &m, &refs, start);
        let b = i + m.len;
        // After a fold, a section it cut in two repeats its heading.
        let cut = b < steps.len() && steps[b].key == steps[b - 1].key;
        let cost = line.lines().count()
            + usize::from(cut)
            + m.except
                .iter()
                .map(|&k| steps[k].body.lines().count())
                .sum::<usize>();
        let saved = full_lines(steps, i, b, head).saturating_sub(cost);
        // Between folds that save as much, the one that repeats the steps themselves rather
        // than steps that are like them.
        let plain = (m.j..m.j + period).all(|k| shown[k] == k);
        let score = 2 * saved + usize::from(plain);
        if saved >= MIN_SAVED && best.as_ref().is_none_or(|(bs, ..)| score > *bs) {
            best = Some((score, m, line));
        }
    }
    best
}

/// The plan of a folded text: steps in full, and folds. Greedy, with a look one step ahead:
/// a fold from the next step that saves more wins over one from this step.
pub(crate) fn plan(t: &Trace, steps: &[Step], start: &Snapshot) -> Vec<Piece> {
    let mut seen: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut out: Vec<Piece> = Vec::new();
    // Where the text shows each step: itself when in full, else the step shown in full that a
    // fold says it is like (a fold's line only ever names steps the text shows).
    let mut shown: Vec<usize> = (0..steps.len()).collect();
    // The steps of the text's block each step is in: itself, or the whole of its fold.
    let mut blocks: Vec<(usize, usize)> = (0..steps.len()).map(|k| (k, k + 1)).collect();
    let mut i = 0;
    while i < steps.len() {
        // In full, step i has a heading when it starts a section or follows a fold.
        let head = i == 0
            || steps[i - 1].key != steps[i].key
            || matches!(out.last(), Some(Piece::Fold { .. }));
        let mut best = best_at(t, steps, &seen, (&shown, &blocks), i, head, start);
        // Step i is seen from here on, whether it is folded or shown.
        seen.entry(steps[i].shape).or_default().push(i);
        if let Some((score, ..)) = &best {
            if i + 1 < steps.len() {
                let head = steps[i].key != steps[i + 1].key;
                let later = best_at(t, steps, &seen, (&shown, &blocks), i + 1, head, start);
                if later.is_some_and(|(s, ..)| s > *score) {
                    best = None;
                }
            }
        }
        let end = best.as_ref().map_or(i + 1, |(_, m, _)| i + m.len);
        for (k, step) in steps.iter().enumerate().take(end).skip(i + 1) {
            seen.entry(step.shape).or_default().push(k);
        }
        match best {
            Some((_, m, line)) => {
                let period = if m.j + m.len > i { i - m.j } else { m.len };
                let like: Vec<usize> = (m.j..m.j + period).map(|k| shown[k]).collect();
                for k in i..end {
                    blocks[k] = (i, end);
                    if !m.except.contains(&k) {
                        shown[k] = like[(k - i) % period];
                    }
                }
                out.push(Piece::Fold {
                    a: i,
                    b: end,
                    line,
                    except: m.except,
                })
            }
            None => match out.last_mut() {
                Some(Piece::Full(_, b)) if *b == i => *b = end,
                _ => out.push(Piece::Full(i, end)),
            },
        }
        i = end;
    }
    out
}

/// "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A fold names at most this many ranges of steps ("steps 39-40 and 43-53").
const MAX_RUNS: usize = 2;

/// Step indices (0-based) as ranges of consecutive ones: `(first, last)`.
fn runs(refs: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &k in refs {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == k => *last = k,
            _ => out.push((k, k)),
        }
    }
    out
}

/// "steps 12-13", "step 39", "steps 39-40 and 43-53" (1-based).
fn step_names(refs: &[usize]) -> String {
    let names: Vec<String> = runs(refs)
        .iter()
        .map(|&(a, b)| {
            if a == b {
                (a + 1).to_string()
            } else {
                format!("{}-{}", a + 1, b + 1)
            }
        })
        .collect();
    let one = refs.len() == 1;
    format!("step{} {}", if one { "" } else { "s" }, and_list(&names))
}

/// The line for the steps from `a` folded as `m` says, naming the steps it repeats where the
/// text shows them (`refs`, one per step of the pattern).
fn fold_line(
    t: &Trace,
    steps: &[Step],
    a: usize,
    m: &Match,
    refs: &[usize],
    start: &Snapshot,
) -> String {
    let b = a + m.len;
    let periodic = m.times > 1 || m.j + m.len > a;
    let period = refs.len();
    let digits = t.len().max(1).to_string().len();
    let tasks = |ks: &mut dyn Iterator<Item = usize>| {
        let mut v: Vec<u8> = Vec::new();
        for k in ks {
            if !v.contains(&steps[k].key.1) {
                v.push(steps[k].key.1);
            }
        }
        v
    };
    let name = |k: u8| {
        if k == crate::model::types::SYSTEM {
            "kswapd".to_string()
        } else {
            t.task_name(k).to_string()
        }
    };
    let same = (a..b)
        .filter(|i| !m.except.contains(i))
        .all(|i| steps[i].exact == steps[refs[(i - a) % period]].exact);
    let named = step_names(refs);
    let mut text = match (periodic, same) {
        (true, true) => format!("{}{} again", named[..1].to_uppercase(), &named[1..]),
        (false, true) => format!("The same as {named}"),
        (_, false) => format!("Like {named}"),
    };
    if periodic {
        text.push_str(&format!(", {}", count(m.times as u64, "more time")));
    }
    let ours = tasks(&mut (a..b));
    if !periodic && ours != tasks(&mut refs.iter().copied()) {
        let names: Vec<String> = ours.iter().map(|&k| name(k)).collect();
        text.push_str(&format!(", by {}", and_list(&names)));
    }
    // What changed over the folded steps.
    let was = a.checked_sub(1).map_or(start, |p| &steps[p].after);
    let now = &steps[b - 1].after;
    if now.now_ms != was.now_ms {
        text.push_str(&format!(", until t = {} ms", now.now_ms));
    }
    let mut net = Vec::new();
    let moved: Vec<String> = now
        .pages
        .iter()
        .zip(&was.pages)
        .enumerate()
        .filter(|(_, (n, w))| n != w)
        .map(|(k, (&n, &w))| {
            let d = i64::from(n) - i64::from(w);
            let unit = if d.abs() == 1 { "page" } else { "pages" };
            format!("{} {d:+} {unit}", t.task_name(k as u8))
        })
        .collect();
    net.push(if moved.is_empty() {
        "page counts unchanged".into()
    } else {
        moved.join(", ")
    });
    if let (Some((r0, _)), Some((r1, min))) = (was.reserve, now.reserve) {
        if r0 != r1 {
            net.push(format!("reserve to {r1}/{min}"));
        }
    }
    let finished: Vec<String> = (0..now.done.len())
        .filter(|&k| now.done[k] && !was.done[k])
        .map(|k| t.task_name(k as u8).to_string())
        .collect();
    if !finished.is_empty() {
        let verb = if finished.len() == 1 {
            "finishes"
        } else {
            "finish"
        };
        net.push(format!("{} {verb}", and_list(&finished)));
    }
    text.push_str(&format!(": {}", net.join(", ")));
    let differ: Vec<String> = m.except.iter().map(|k| (k + 1).to_string()).collect();
    match differ.as_slice() {
        [] => text.push('.'),
        [k] => text.push_str(&format!("; but step {k}:")),
        _ => text.push_str(&format!("; but steps {}:", and_list(&differ))),
    }
    let num = format!("{:>digits$}-{} ", a + 1, b);
    wrap(&text, &num, &" ".repeat(digits + 1))
}
