#![cfg(not(target_arch = "wasm32"))]
//! The destination panel's derived views: callback invocations with dm-crypt's `{ bio, size }`
//! data, and the array cursor.

use bulkpool_allocator::explain::delivery::{array_cursor, callbacks};
use bulkpool_allocator::model::types::PAGE_SIZE;
use bulkpool_allocator::model::world::CallKind;
use bulkpool_allocator::scenario::presets::find;
use bulkpool_allocator::trace::event::{EventKind, To};
use bulkpool_allocator::{simulate, Mode};

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

#[test]
fn the_array_cursor_follows_the_slot_being_filled() {
    let t = simulate(&find("s9").unwrap().scenario(), Mode::Array).unwrap();
    let positions: Vec<u32> = t
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Take {
                to: To::Array, pos, ..
            } => Some(pos),
            _ => None,
        })
        .collect();
    assert!(!positions.is_empty());
    let cursors: Vec<u32> = t
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Take { to: To::Array, .. }))
        .filter_map(|e| array_cursor(Some(*e)))
        .collect();
    assert_eq!(cursors, positions);
    assert_eq!(array_cursor(None), None);
}
