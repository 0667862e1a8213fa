#![cfg(not(target_arch = "wasm32"))]
//! The destination panel's derived views: callback invocations with dm-crypt's `{ bio, size }`
//! data, and the array cursor (checked against a walk over the array derived from the world,
//! for every kind of step that moves it).

use bulkpool_allocator::explain::delivery::{array_cursor, callbacks};
use bulkpool_allocator::model::types::PAGE_SIZE;
use bulkpool_allocator::model::world::CallKind;
use bulkpool_allocator::scenario::presets::{find, PRESETS};
use bulkpool_allocator::trace::event::{EventKind, To};
use bulkpool_allocator::trace::listing::{Line, Listing};
use bulkpool_allocator::Event;
use bulkpool_allocator::{simulate, Mode, Semantics};

#[test]
fn each_callback_sees_one_page_less_to_add() {
    let t = simulate(&find("s1").unwrap().scenario(), Mode::Callback).unwrap();
    // The first bulk call: its size, and the step after its last callback.
    let (start, nr) = t
        .events
        .iter()
        .enumerate()
        .find_map(|(i, e)| match e.kind {
            EventKind::CallStart {
                call: CallKind::MempoolBulk | CallKind::PlainBulk,
                nr,
                ..
            } => Some((i, nr as u64)),
            _ => None,
        })
        .expect("s1 makes a bulk call");
    let task = t.events[start].task;
    let takes: Vec<usize> = (start..t.len())
        .filter(|&i| {
            matches!(
                t.events[i].kind,
                EventKind::Take {
                    to: To::Callback,
                    ..
                }
            ) && t.events[i].task == task
        })
        .take(nr as usize)
        .collect();
    assert!(
        takes.len() >= 2,
        "s1's bulk call hands over pages one callback at a time"
    );
    let at = takes.last().unwrap() + 1;
    let calls = callbacks(&t, at, task);
    assert_eq!(calls.len(), takes.len());
    for (i, c) in calls.iter().enumerate() {
        assert_eq!(c.bytes_left, (nr - i as u64) * PAGE_SIZE as u64, "call {i}");
        match t.events[takes[i]].kind {
            EventKind::Take { pfn, .. } => assert_eq!(c.page, pfn),
            _ => unreachable!(),
        }
    }
    // Before the call, no invocation.
    assert!(callbacks(&t, start, task).is_empty());
}

/// The slot the allocator reads next, per task, as a reader of the listings follows it: a walk
/// over the array goes up one slot per step (a skip reads a populated slot, a take fills a
/// hole, a stop finds a hole it cannot fill and stays there). A call, a bulk allocator entry
/// or a mempool round starts a walk at slot 0, and the prefix scan moves it to the first hole.
/// Yang Shi's drain of the reserve goes on where the bulk call stopped ("deliver at ret + i",
/// MempoolBulk line 9); v6.19's "fill every hole" (MainlineBulk line 5) walks the whole
/// array again from slot 0.
#[derive(Default)]
struct Walk {
    /// The line of the last step that read the array, and the slot read next, per task.
    at: std::collections::HashMap<u8, (Option<Line>, u32)>,
}

impl Walk {
    fn start(&mut self, task: u8, slot: u32) {
        self.at.insert(task, (None, slot));
    }
    /// The slot `ev` reads.
    fn next(&self, ev: &Event) -> u32 {
        let fill = Line(Listing::MainlineBulk, 5);
        match self.at.get(&ev.task) {
            Some(&(last, _)) if ev.line == fill && last != Some(fill) => 0,
            Some(&(_, n)) => n,
            None => 0,
        }
    }
    fn read(&mut self, ev: &Event, next: u32) {
        self.at.insert(ev.task, (Some(ev.line), next));
    }
}

/// For every event of every preset in array mode (the only mode whose panel shows the cursor),
/// under every semantics: the cursor of the event kinds that move it equals the slot derived
/// from the world and the walk above, never from the event's own field; every other kind has
/// no cursor.
#[test]
fn the_array_cursor_is_the_slot_each_step_reads() {
    let (mut takes, mut skips, mut stops, mut scans) = (0, 0, 0, 0);
    let mode = Mode::Array;
    let runs = PRESETS
        .iter()
        .filter(|p| p.id != "big")
        .flat_map(|p| Semantics::ALL.map(|sem| (p, sem)));
    for (p, sem) in runs {
        let mut sc = p.scenario();
        sc.semantics = Some(sem);
        let Ok(t) = simulate(&sc, mode) else {
            continue;
        };
        let mut walk = Walk::default();
        let mut w = t.initial.clone();
        for (i, ev) in t.events.iter().enumerate() {
            let at = format!("{} {mode} {sem} step {}: {ev:?}", p.id, i + 1);
            // The array of the step's task (none for the system's steps: kswapd…).
            let slots = |w: &bulkpool_allocator::World| -> Vec<bool> {
                w.tasks.get(ev.task as usize).map_or(Vec::new(), |t| {
                    t.array.iter().map(|s| s.is_filled()).collect()
                })
            };
            let before = slots(&w);
            let mut e = *ev;
            w.apply(&mut e);
            let after = slots(&w);
            let filled = |k: usize| before.get(k).copied().unwrap_or(false);
            let got = array_cursor(Some(*ev));
            let want = match ev.kind {
                EventKind::CallStart { .. }
                | EventKind::BulkEnter { .. }
                | EventKind::Round { .. } => {
                    walk.start(ev.task, 0);
                    None
                }
                EventKind::PrefixScan { .. } => {
                    scans += 1;
                    let n = before.iter().take_while(|f| **f).count() as u32;
                    walk.start(ev.task, n);
                    Some(n)
                }
                EventKind::Take { to: To::Array, .. } => {
                    takes += 1;
                    let new: Vec<usize> = (0..after.len())
                        .filter(|&k| after[k] && !filled(k))
                        .collect();
                    assert_eq!(new.len(), 1, "{at}: a take fills one slot");
                    let k = new[0] as u32;
                    assert_eq!(k, walk.next(ev), "{at}: the walk skipped a slot");
                    walk.read(ev, k + 1);
                    Some(k)
                }
                EventKind::ArraySkip { .. } => {
                    skips += 1;
                    let k = walk.next(ev);
                    assert!(filled(k as usize), "{at}: skips slot {k}, which is a hole");
                    walk.read(ev, k + 1);
                    Some(k)
                }
                EventKind::BulkStop { .. } => {
                    stops += 1;
                    let k = walk.next(ev);
                    assert!(
                        !filled(k as usize),
                        "{at}: stops at slot {k}, which is filled"
                    );
                    walk.read(ev, k);
                    Some(k)
                }
                _ => None,
            };
            assert_eq!(got, want, "{at}");
        }
    }
    // Every kind that moves the cursor was seen, many times.
    assert!(
        takes > 1_000 && skips >= 20 && stops >= 5 && scans >= 50,
        "{takes} takes, {skips} skips, {stops} stops, {scans} scans"
    );
    assert_eq!(array_cursor(None), None);
}
