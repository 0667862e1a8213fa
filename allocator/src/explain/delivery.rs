//! What the destination panel shows besides the world itself: the array slot the allocator is
//! looking at in a step, and the callback invocations of a task's current call with the opaque
//! data dm-crypt's callback keeps (`{ bio, size }` in Yang Shi's v2 [V2-2023]).

use crate::model::types::{Pfn, TaskId, PAGE_SIZE};
use crate::model::world::CallKind;
use crate::trace::event::{EventKind, To};
use crate::trace::Trace;
use crate::Event;

/// The array slot the allocator is looking at in this step, if any.
pub fn array_cursor(event: Option<Event>) -> Option<u32> {
    match event?.kind {
        EventKind::Take {
            to: To::Array, pos, ..
        }
        | EventKind::ArraySkip { pos }
        | EventKind::BulkStop { pos, .. } => Some(pos),
        EventKind::PrefixScan { populated, .. } => Some(populated),
        _ => None,
    }
}

/// One callback invocation: the page it was handed, and the bytes the caller's data still
/// asked for before this call (the `size` the callback decrements by a page each time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Callback {
    pub page: Pfn,
    pub bytes_left: u64,
}

/// The callback invocations of `task`'s current bulk call, up to `step`, in call order.
pub fn callbacks(trace: &Trace, step: usize, task: TaskId) -> Vec<Callback> {
    let mut pages = Vec::new();
    let mut requested = 0u64;
    for ev in trace.events[..step.min(trace.len())].iter().rev() {
        if ev.task != task {
            continue;
        }
        match ev.kind {
            EventKind::Take {
                pfn,
                to: To::Callback,
                ..
            } => pages.push(pfn),
            EventKind::CallStart {
                call: CallKind::MempoolBulk | CallKind::PlainBulk,
                nr,
                ..
            } => {
                requested = nr as u64;
                break;
            }
            _ => {}
        }
    }
    pages.reverse();
    pages
        .into_iter()
        .enumerate()
        .map(|(i, page)| Callback {
            page,
            bytes_left: requested.saturating_sub(i as u64) * PAGE_SIZE as u64,
        })
        .collect()
}
