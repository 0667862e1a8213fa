//! Test instruments (native unit tests only).

use std::cell::Cell;

thread_local! {
    static SIMULATIONS: Cell<usize> = const { Cell::new(0) };
}

/// Called by `choice::simulate`.
pub fn count_simulation() {
    SIMULATIONS.with(|n| n.set(n.get() + 1));
}

/// What `f` returns, and how many runs it simulated (on this thread).
pub fn simulations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = SIMULATIONS.with(Cell::get);
    let r = f();
    (r, SIMULATIONS.with(Cell::get) - before)
}
