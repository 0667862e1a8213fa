//! The model's invariants, checked after every event by the tests (and available to anyone who
//! replays a trace): page conservation, buddy accounting, pool bounds, monotone counters.

use crate::model::buddy::BlockType;
use crate::model::world::{FrameState, Slot, World};

/// Checks `w` on its own and against `initial` (the run's first world): every frame is in
/// exactly one place and frames "in use elsewhere" never change.
pub fn check(w: &World, initial: &World) -> Result<(), String> {
    check_against(w, &initial.frame_states())
}

/// `check` with the first world's frame states computed once (`World::frame_states`), for a
/// caller that checks many worlds of one run.
pub fn check_against(w: &World, initial: &[FrameState]) -> Result<(), String> {
    let n = w.zone.pages as usize;
    let mut seen = vec![0u8; n];
    let mut mark = |p: u32, what: &str| -> Result<(), String> {
        let slot = seen
            .get_mut(p as usize)
            .ok_or_else(|| format!("{what}: pfn {p} outside the zone"))?;
        *slot += 1;
        if *slot > 1 {
            return Err(format!("pfn {p} is in two places (second: {what})"));
        }
        Ok(())
    };
    let b = &w.zone.buddy;
    let mut free = 0u64;
    for (head, order) in b.blocks() {
        free += 1 << order;
        for p in head..head + (1 << order) {
            mark(p, "buddy")?;
        }
        if head % (1 << order) != 0 {
            return Err(format!("buddy block {head} of order {order} is misaligned"));
        }
        let buddy = head ^ (1 << order);
        if order < b.max_order()
            && (buddy as usize) < n
            && b.head_order(buddy) == Some(order)
            && b.is_reserved(buddy) == b.is_reserved(head)
        {
            return Err(format!(
                "free buddies {head} and {buddy} of order {order} were not merged"
            ));
        }
    }
    if free != b.nr_free_pages() {
        return Err(format!(
            "nr_free_pages {} but the blocks hold {free}",
            b.nr_free_pages()
        ));
    }
    for ty in [BlockType::Movable, BlockType::Reserved] {
        for (o, count) in b.counts(ty).iter().enumerate() {
            let listed = b.list(ty, o as u8).len() as u32;
            if listed != *count {
                return Err(format!(
                    "order {o} {ty:?} list has {listed} blocks, counted {count}"
                ));
            }
        }
    }
    for &p in &w.zone.pcp.list {
        mark(p, "pcp")?;
    }
    for &p in w.zone.reclaim.clean.iter().chain(&w.zone.reclaim.dirty) {
        mark(p, "reclaimable")?;
    }
    if let Some(pool) = &w.pool {
        // v6.19 keeps one element in a zero-minimum pool.
        if pool.curr_nr() > pool.min_nr.max(1) || (pool.min_nr > 0 && pool.curr_nr() > pool.min_nr)
        {
            return Err(format!(
                "curr_nr {} exceeds min_nr {}",
                pool.curr_nr(),
                pool.min_nr
            ));
        }
        for &p in &pool.elements {
            mark(p, "pool")?;
        }
    }
    for (i, t) in w.tasks.iter().enumerate() {
        for p in t.pages() {
            mark(p, &format!("task {i}"))?;
        }
        if let Some(bio) = &t.bio {
            if bio.bvecs.len() as u32 > bio.capacity {
                return Err(format!(
                    "task {i}'s bio has {} bvecs for {} slots",
                    bio.bvecs.len(),
                    bio.capacity
                ));
            }
        }
        if t.array
            .iter()
            .any(|s| matches!(s, Slot::Page(p) if *p as usize >= n))
        {
            return Err(format!("task {i}'s array holds a pfn outside the zone"));
        }
    }
    if initial.len() != n {
        return Err(format!(
            "{n} frames, but the first world had {}",
            initial.len()
        ));
    }
    for (p, count) in seen.iter().enumerate() {
        let was_used = initial[p] == FrameState::Used;
        if (*count == 0) != was_used {
            return Err(format!(
                "pfn {p} {} the frames in use elsewhere",
                if was_used { "left" } else { "joined" }
            ));
        }
    }
    Ok(())
}

/// Counters may only grow from one step to the next.
pub fn check_monotone(before: &World, after: &World) -> Result<(), String> {
    for ((name, a), (_, b)) in before.work.named().iter().zip(after.work.named().iter()) {
        if b < a {
            return Err(format!("work counter {name} went from {a} to {b}"));
        }
    }
    let (s0, s1) = (&before.zone.stats, &after.zone.stats);
    if s1.pgalloc < s0.pgalloc || s1.pgfree < s0.pgfree {
        return Err("zone statistics decreased".into());
    }
    for (i, (t0, t1)) in before.tasks.iter().zip(&after.tasks).enumerate() {
        let (a, b) = (t0.stats, t1.stats);
        if b.from_bulk < a.from_bulk
            || b.from_pool < a.from_pool
            || b.bulk_calls < a.bulk_calls
            || b.sleeps < a.sleeps
            || b.timeouts < a.timeouts
        {
            return Err(format!("task {i}'s statistics decreased"));
        }
    }
    if after.now_ms < before.now_ms {
        return Err("time went backwards".into());
    }
    Ok(())
}
