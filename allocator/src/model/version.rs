//! The model's version: one integer, bumped whenever anything a link can show changes (a
//! trace, a narration, an outcome, a text account), so that a link made years ago can say
//! which model made it. Every link carries it (`m=3`) and every text names it.
//!
//! `tests/model_version.rs` holds a fingerprint of every preset's run under every semantics
//! and mode (events, text, JSON) in `tests/model/fingerprints.txt`: an output that changes
//! while `MODEL` stays fails there. docs/CHANGELOG.md says the same as [`CHANGES`], per model.

/// The model this build runs.
pub const MODEL: u32 = 2;

/// The model of a link without `m=`: links carried no model before model 2.
pub const UNVERSIONED: u32 = 1;

/// What one model changed against the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub model: u32,
    /// When it was made, for the changelog.
    pub date: &'static str,
    /// True when a step of some preset moved (a link's `step=` may now show another moment).
    pub steps_moved: bool,
    /// One line each, for the notice over an old link and for docs/CHANGELOG.md.
    pub lines: &'static [&'static str],
}

/// Every model, oldest first.
pub const CHANGES: [Change; 2] = [
    Change {
        model: 1,
        date: "2026-11",
        steps_moved: true,
        lines: &["Every model up to the fidelity review of November 2026 (which moved s5 from 59 to 78 steps, among others). Links made then carry no m=."],
    },
    Change {
        model: 2,
        date: "2026-12",
        steps_moved: true,
        lines: &[
            "s7: B (queued last, woken first: the wait queue is LIFO, as prepare_to_wait makes it) takes 3 and finishes; A takes 1 and sleeps again holding 1, a deadlock (was: A finished with 2, B slept again holding 7).",
            "s11: kswapd is not woken on a balanced zone (F = 100 > high), one step fewer under every semantics; under 6.19 the reclaim drains 24 at high: C = 7, F = 124 at the end (was 23, 108).",
            "s5 under 6.19: pcp drains follow free_count and refills alloc_factor: 88 steps (was 92), C = 12, F = 52 at the end (was 28, 36).",
            "s15c under 6.19: 12 pcp refills (was 32); F = 36, C = 8 at the end (was 44, 0).",
            "Every run ends completed, deadlock, livelock or cut, by a rule that names its evidence (s8 under 6.19 is a livelock).",
            "New counters: calls into the mempool and the page allocator, pool-lock holds, watermark checks.",
            "mempool_alloc_bulk asked for more than min_nr fires the kernel's VM_WARN_ON_ONCE and says why the reserve cannot meet it; __GFP_ZERO with mempool_alloc runs as the kernel does.",
            "Changing min_nr (in a link or in Explore) moves curr_nr as mempool_create or mempool_resize would.",
            "Narration: 6.19's mempool_alloc locking, three freelist attempts per order, a timeout names what the sleeper still needs.",
            "Texts: ASCII only, URLs never split, lore.kernel.org/r/ links, repeated steps folded (--full gives all), --steps and --summary; links and texts carry m=2.",
        ],
    },
];

/// The changes since `model` (exclusive), newest last; empty for the current model or a newer
/// one.
pub fn since(model: u32) -> impl Iterator<Item = &'static Change> {
    CHANGES.iter().filter(move |c| c.model > model)
}

/// What to say over a link made with another model, before anything else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// One sentence: which model made the link, how many changes came since, how many of them
    /// name the link's preset, and whether a step may have moved.
    pub head: String,
    /// The changes since that name the link's preset (its id as a word), oldest first.
    pub about: Vec<&'static str>,
    /// Every change since, oldest first; empty for a link of a newer model.
    pub all: Vec<&'static str>,
}

/// Whether `line` names the preset `id` as a word ("s5 under 6.19: …" names s5, not s15c).
/// An id without a digit (`big`) is also an English word: a line names it only by starting
/// with it.
fn names(line: &str, id: &str) -> bool {
    let mut words = line
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    if id.chars().any(|c| c.is_ascii_digit()) {
        words.any(|word| word == id)
    } else {
        words.next() == Some(id)
    }
}

/// What to say over a link made with `model` to `preset`'s scenario (or a scenario of its own:
/// `None`); `None` for this model.
pub fn notice(model: u32, preset: Option<&str>) -> Option<Notice> {
    if model == MODEL {
        return None;
    }
    if model > MODEL {
        return Some(Notice {
            head: format!(
                "This link was made with model {model}, newer than this site's model {MODEL}: \
                 it may show something other than what its author saw."
            ),
            about: Vec::new(),
            all: Vec::new(),
        });
    }
    let all: Vec<&str> = since(model).flat_map(|c| c.lines.iter().copied()).collect();
    let about: Vec<&str> = match preset {
        Some(id) => all.iter().copied().filter(|l| names(l, id)).collect(),
        None => Vec::new(),
    };
    let named = match preset {
        Some(id) if about.is_empty() => format!(", none of them about {id}"),
        Some(id) => format!(", {} of them about {id}", about.len()),
        None => String::new(),
    };
    let moved = if since(model).any(|c| c.steps_moved) {
        "The step shown may differ."
    } else {
        "No step of any preset moved."
    };
    Some(Notice {
        head: format!(
            "This link was made with model {model}; {} since then{named}. {moved}",
            crate::explain::narrate::count(all.len() as u64, "change")
        ),
        about,
        all,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changes_end_at_this_model_and_count_up_by_one() {
        for (i, c) in CHANGES.iter().enumerate() {
            assert_eq!(c.model as usize, i + 1);
            assert!(!c.lines.is_empty());
        }
        assert_eq!(CHANGES.last().map(|c| c.model), Some(MODEL));
        const { assert!(UNVERSIONED < MODEL) };
        assert_eq!(since(UNVERSIONED).count() as u32, MODEL - UNVERSIONED);
        assert_eq!(since(MODEL).count(), 0);
        assert_eq!(notice(MODEL, None), None);
        let old = notice(UNVERSIONED, Some("s5")).unwrap();
        let n = old.all.len();
        assert_eq!(n, since(UNVERSIONED).map(|c| c.lines.len()).sum::<usize>());
        // Model 2 names s5 in one change ("s5 under 6.19: ..."); s15c's does not name s5.
        assert_eq!(old.about.len(), 1, "{:?}", old.about);
        assert!(old.about[0].starts_with("s5 under 6.19"));
        assert_eq!(
            old.head,
            format!(
                "This link was made with model {UNVERSIONED}; {n} changes since then, 1 of them \
                 about s5. The step shown may differ."
            )
        );
        let none = notice(UNVERSIONED, Some("s9")).unwrap();
        assert!(none.about.is_empty());
        assert!(
            none.head.contains(", none of them about s9."),
            "{}",
            none.head
        );
        // A word that is also a preset's id names it only where a line starts with it.
        assert!(names("s8 under 6.19 is a livelock", "s8"));
        assert!(names("(s8 under 6.19 is a livelock)", "s8"));
        assert!(!names("s15c: 12 refills", "s15"));
        assert!(names("big: the world is larger", "big"));
        assert!(!names("a big change to every run", "big"));
        let custom = notice(UNVERSIONED, None).unwrap();
        assert!(custom.head.contains(" since then. "), "{}", custom.head);
        assert!(notice(MODEL + 1, Some("s5"))
            .unwrap()
            .head
            .contains("newer than this site's"));
    }
}
