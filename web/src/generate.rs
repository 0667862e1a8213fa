//! Long runs are generated in slices that yield to the browser between them, so that no link or
//! edit can freeze the tab: the page shows the progress and can cancel. The same simulator
//! (`bulkpool_allocator::Simulation`), advanced a slice at a time; short runs stay synchronous.
//! The player holds the request (`state::loading`); this effect carries it out.

use crate::dom::now_ms;
use crate::marks::mark;
use crate::state::loading::Loading;
use crate::state::{Action, Player};
use bulkpool_allocator::{Mode, Scenario, Simulation, Trace};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The work of one slice, in milliseconds, before the page gets the event loop back.
pub const SLICE_MS: f64 = 8.0;
/// Scheduler steps between two looks at the clock inside a slice.
const CHUNK: usize = 2_000;

/// A checkpoint's copy of a world this large takes several milliseconds here (the first
/// touch of new memory, about 1 ms per MB, and the copy): the slice before it ends early, so
/// that the copy comes within the first few chunks of the next.
const COSTLY_COPY: usize = 4 << 20;
/// How near, in events, a checkpoint counts as near: about four chunks' worth (a step emits
/// one event, sometimes two). A world of 4 MB is checkpointed every 16,384 events or more.
const NEAR: usize = 4 * CHUNK;

/// Whether the next chunks may take a costly checkpoint (`Simulation::events_to_checkpoint`).
fn checkpoint_near(sim: &Simulation) -> bool {
    sim.world_bytes() >= COSTLY_COPY && (1..=NEAR).contains(&sim.events_to_checkpoint())
}

/// Zones from this many frames up have a world whose set-up is a slice's worth of work.
const LARGE_ZONE: u32 = 1 << 16;

fn is_large(sc: &Scenario) -> bool {
    sc.zone.pages >= LARGE_ZONE
}

/// Memory grown ahead of a set-up, in blocks of `WARM_BLOCK`.
const WARM_BLOCK: usize = 1 << 20;

/// Bytes to grow ahead of setting `sc` up: its world (about 10 bytes per frame: the buddy's
/// links and orders) and the world's first copy.
fn warm_bytes(sc: &Scenario) -> usize {
    if is_large(sc) {
        sc.zone.pages as usize * 24
    } else {
        0
    }
}

/// The WebAssembly memory's size, on the page's root element (`data-wasm-bytes`), for the
/// memory figure of docs/PERFORMANCE.md.
pub fn record_memory() {
    use wasm_bindgen::JsCast;
    let bytes = wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0, |b| b.byte_length());
    if let Some(root) = gloo_utils::document().document_element() {
        let _ = root.set_attribute("data-wasm-bytes", &bytes.to_string());
    }
}

/// The generator's own state between slices.
struct Job {
    todo: Vec<(Mode, Scenario)>,
    /// The next run, validated but not yet set up: setting a large world up starts a slice.
    validated: Option<(Mode, Scenario)>,
    /// Memory grown ahead of a large set-up, a slice at a time, and freed just before it.
    warm: Vec<Vec<u8>>,
    sim: Option<Simulation>,
    done: Vec<Result<Rc<Trace>, String>>,
    before: u64,
    timer: Option<Timeout>,
}

/// Generates `loading`'s runs in slices of about `SLICE_MS`, reporting progress, and hands the
/// traces to the player; dropping the request (a new one, or Cancel) stops it.
#[hook]
pub fn use_generation(loading: Option<Rc<Loading>>, dispatch: UseReducerDispatcher<Player>) {
    let id = loading.as_ref().map(|l| l.id);
    use_effect_with(id, move |_| {
        let job = loading.map(|l| {
            Rc::new(RefCell::new(Job {
                todo: l.jobs.iter().rev().cloned().collect(),
                validated: None,
                warm: Vec::new(),
                sim: None,
                done: Vec::new(),
                before: 0,
                timer: None,
            }))
        });
        if let Some(job) = &job {
            mark("generate-start");
            schedule(job.clone(), dispatch);
        }
        move || {
            // Stop: drop the pending slice and the half-done simulation.
            if let Some(job) = job {
                let mut j = job.borrow_mut();
                j.timer = None;
                j.sim = None;
                j.todo.clear();
            }
        }
    });
}

fn schedule(job: Rc<RefCell<Job>>, dispatch: UseReducerDispatcher<Player>) {
    let next = job.clone();
    let timer = Timeout::new(0, move || slice(next, dispatch));
    job.borrow_mut().timer = Some(timer);
}

/// One slice: run the current job until `SLICE_MS` have passed, then report and yield.
fn slice(job: Rc<RefCell<Job>>, dispatch: UseReducerDispatcher<Player>) {
    let start = now_ms();
    let mut before_copy = false;
    let finished = {
        let mut j = job.borrow_mut();
        // A slice that starts near a costly checkpoint runs through it; any other stops before
        // one once it has done some work, so that a copy never lands at the end of a full
        // slice (the largest run's longest slice: 20 -> 14 ms of CPU, docs/PERFORMANCE.md).
        let near_at_start = j.sim.as_ref().is_some_and(checkpoint_near);
        loop {
            if j.sim.is_none() {
                let Some((mode, sc)) = j.validated.take() else {
                    let Some((mode, sc)) = j.todo.pop() else {
                        break true;
                    };
                    // Validating is a step of its own: its code runs cold the first time.
                    match sc.validate(mode) {
                        Ok(_) => j.validated = Some((mode, sc)),
                        Err(e) => j.done.push(Err(e.to_string())),
                    }
                    continue;
                };
                // Setting a large run up (its world; its first copy follows) starts a slice of
                // its own, so that it never lands at the end of a full one.
                if is_large(&sc) && now_ms() - start > 1.0 {
                    j.validated = Some((mode, sc));
                    break false;
                }
                // A WebAssembly memory grows on first touch at about 1 ms per MB, a cost that
                // would land in the set-up's slice. Grow it here instead, in slices, with
                // blocks the set-up then reuses.
                let need = warm_bytes(&sc);
                while j.warm.len() * WARM_BLOCK < need && now_ms() - start < SLICE_MS {
                    j.warm.push(vec![1; WARM_BLOCK]);
                }
                if j.warm.len() * WARM_BLOCK < need {
                    j.validated = Some((mode, sc));
                    break false;
                }
                j.warm = Vec::new();
                mark("setup-start");
                let made = Simulation::new(&sc, mode);
                mark("setup-end");
                match made {
                    Ok(sim) => {
                        j.sim = Some(sim);
                        break false;
                    }
                    Err(e) => {
                        j.done.push(Err(e.to_string()));
                        continue;
                    }
                }
            }
            if !near_at_start
                && now_ms() - start > 1.0
                && j.sim.as_ref().is_some_and(checkpoint_near)
            {
                // The next slice reports the progress, a few milliseconds on.
                before_copy = true;
                break false;
            }
            let result = j.sim.as_mut().and_then(|s| s.run(CHUNK));
            if let Some(r) = result {
                let events = j.sim.as_ref().map_or(0, |s| s.events() as u64);
                j.before += events.max(r.as_ref().map_or(0, |t| t.len() as u64));
                j.sim = None;
                j.done.push(r.map(Rc::new).map_err(|e| e.to_string()));
                continue;
            }
            if now_ms() - start >= SLICE_MS {
                break false;
            }
        }
    };
    if finished {
        mark("generate-end");
        // Showing the result is a task of its own, after the page had its turn.
        let done = std::mem::take(&mut job.borrow_mut().done);
        let show = Timeout::new(0, move || {
            dispatch.dispatch(Action::Generated(Rc::new(done)));
            record_memory();
        });
        job.borrow_mut().timer = Some(show);
        return;
    }
    if !before_copy {
        let events = {
            let j = job.borrow();
            j.before + j.sim.as_ref().map_or(0, |s| s.events() as u64)
        };
        dispatch.dispatch(Action::Progress(events));
    }
    schedule(job, dispatch);
}
