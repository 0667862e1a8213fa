//! What a component finds in a whole run (one pass over its events): at once for a short run,
//! a task after the render that first shows a long one, so that the pass is not part of that
//! render's task (P3b in docs/PERFORMANCE.md, seventh round).

use crate::state::TraceRef;
use bulkpool_allocator::Trace;
use gloo_timers::callback::Timeout;
use std::rc::{Rc, Weak};
use yew::prelude::*;

/// Runs from this many events up are looked through a task after their first render. A pass
/// over the largest legal run's 666,887 events took 5–11 ms in the browser; below this it is
/// under about 2 ms, and what it finds comes with the first render, as the browser tests
/// expect after one flush.
pub const FOUND_LATER: usize = 100_000;

/// `find(trace)`: at once for a run shorter than `FOUND_LATER` events; for a longer one, `None`
/// in the render that first shows it and the result a task later. Held with a weak reference
/// to its run, so that a long run the player has left is freed.
#[hook]
pub fn use_found_later<T: 'static>(trace: &TraceRef, find: fn(&Trace) -> T) -> Option<Rc<T>> {
    let now = use_memo(trace.clone(), move |t| {
        (t.0.len() < FOUND_LATER).then(|| Rc::new(find(&t.0)))
    });
    let later = use_state(|| None::<(Weak<Trace>, Rc<T>)>);
    {
        let later = later.clone();
        use_effect_with(trace.clone(), move |t| {
            let timer = (t.0.len() >= FOUND_LATER).then(|| {
                let t = t.clone();
                Timeout::new(0, move || {
                    let found = Rc::new(find(&t.0));
                    later.set(Some((Rc::downgrade(&t.0), found)));
                })
            });
            // A run replaced before the timer fires is not looked through.
            move || drop(timer)
        });
    }
    match (&*now, &*later) {
        (Some(found), _) => Some(found.clone()),
        (None, Some((t, found))) if std::ptr::eq(t.as_ptr(), Rc::as_ptr(&trace.0)) => {
            Some(found.clone())
        }
        _ => None,
    }
}
