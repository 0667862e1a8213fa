//! Repairs a random scenario into one that validates: the semantics' ops and modes, sizes that
//! fit the zone, a layout that fits, and the event bound.

use bulkpool_allocator::scenario::{limits, Op, PoolSpec};
use bulkpool_allocator::{Gfp, Mode, Scenario, Semantics, Simulation};

/// Makes a random scenario mostly valid: ops the semantics lacks become ops it has, the mode is
/// one the semantics offers, and sizes fit the zone and the event bound.
pub fn repair(mut sc: Scenario, pick: usize) -> (Scenario, Mode) {
    let sem = sc.semantics.unwrap_or(Semantics::Rfc2022);
    let modes: Vec<Mode> = match sem {
        Semantics::K6_0 | Semantics::PreMay2022 => vec![Mode::List, Mode::Array],
        s => s.mempool_bulk_modes().to_vec(),
    };
    let mode = modes[pick % modes.len()];
    sc.mode = mode;
    let has_bulk_api = !sem.mempool_bulk_modes().is_empty();
    let dm_ok = sem != Semantics::PreMay2022;
    // Yang Shi's page-bulk pools have no pool->alloc: no mempool_alloc, no growing resize.
    let page_bulk_pool = matches!(sem, Semantics::Rfc2022 | Semantics::V2_2023);
    let fallback = if page_bulk_pool {
        Op::MempoolBulk {
            nr: 2,
            gfp: Gfp::GFP_NOIO,
            consume: false,
            resume: None,
            bulk_first: true,
        }
    } else {
        Op::MempoolAlloc {
            gfp: Gfp::GFP_NOIO,
            count: 2,
        }
    };
    // One task may resize or initialise the pool.
    let mut resizer = None;
    for (i, t) in sc.tasks.iter_mut().enumerate() {
        for op in &mut t.ops {
            if matches!(op, Op::Resize { .. } | Op::MempoolInit) && *resizer.get_or_insert(i) != i {
                *op = Op::FreeAll;
            }
        }
    }
    for t in &mut sc.tasks {
        let mut min_nr = sc.pool.as_ref().map_or(0, |p| p.min_nr);
        for op in &mut t.ops {
            let replace = match op {
                Op::MempoolBulk {
                    resume: Some(r), ..
                } if sem == Semantics::Mainline6_19 && r.sleeping => true,
                Op::MempoolBulk { .. } => !has_bulk_api,
                Op::DmCrypt { .. } => !dm_ok,
                Op::Bulk { .. } => mode == Mode::List && sem == Semantics::Mainline6_19,
                Op::MempoolAlloc { .. } => page_bulk_pool,
                // It may only shrink, and a resize to 0 does not exist.
                Op::Resize { .. } if page_bulk_pool && min_nr == 0 => {
                    *op = Op::FreeAll;
                    false
                }
                Op::Resize { min_nr: m } if page_bulk_pool && *m > min_nr => {
                    *m = min_nr;
                    false
                }
                _ => false,
            };
            if replace {
                *op = fallback.clone();
            }
            if let Op::Resize { min_nr: m } = op {
                min_nr = *m;
            }
        }
    }
    let needs_pool = sc.tasks.iter().flat_map(|t| &t.ops).any(|op| {
        !matches!(
            op,
            Op::Bulk { .. } | Op::FreePages { .. } | Op::Io { .. } | Op::PcpContention { .. }
        )
    });
    if needs_pool && sc.pool.is_none() {
        sc.pool = Some(PoolSpec::default());
    }
    fit_free_pages(&mut sc);
    fit_outside(&mut sc, mode);
    fit_events(&mut sc, mode);
    fit_layout(&mut sc, mode);
    (sc, mode)
}

/// The free blocks within the zone: buddyinfo's pages plus the reserved ones at most the zone,
/// and `free`, when given beside buddyinfo, their sum.
fn fit_free_pages(sc: &mut Scenario) {
    let max_order = sc.max_order() as usize;
    let z = &mut sc.zone;
    let pages = z.pages as u64;
    if let Some(info) = z.buddyinfo.as_mut() {
        info.truncate(max_order + 1);
        let total =
            |info: &[u32]| -> u64 { info.iter().enumerate().map(|(o, n)| (*n as u64) << o).sum() };
        while total(info) > pages {
            let big = (0..info.len())
                .max_by_key(|&o| (info[o] as u64) << o)
                .unwrap();
            info[big] /= 2;
        }
        z.reserved_free = z.reserved_free.min(pages - total(info));
        if z.free.is_some() {
            z.free = Some(total(info) + z.reserved_free);
        }
    }
    let free = sc.free_pages();
    sc.zone.reserved_free = sc.zone.reserved_free.min(free);
}

/// Scales what starts outside the free blocks (pcp, reserve, tasks' pages, reclaimable pages)
/// down to nine tenths of the frames there, leaving room for the layout's alignment gaps.
fn fit_outside(sc: &mut Scenario, mode: Mode) {
    let outside = (sc.zone.pages as u64).saturating_sub(sc.free_pages()) * 9 / 10;
    let resumed = |op: Option<&Op>| -> u64 {
        match op {
            Some(Op::MempoolBulk {
                resume: Some(r), ..
            }) => r.held as u64,
            Some(Op::Bulk { array: Some(a), .. }) if mode == Mode::Array => {
                a.chars().filter(|c| *c == 'P').count() as u64
            }
            _ => 0,
        }
    };
    let held: u64 = sc
        .tasks
        .iter()
        .map(|t| t.holds as u64 + resumed(t.ops.first()))
        .sum();
    let pool = sc
        .pool
        .as_ref()
        .map_or(0, |p| p.curr_nr.unwrap_or(p.min_nr.max(1))) as u64;
    let z = &sc.zone;
    let want =
        held + sc.pcp.count as u64 + pool + z.reclaimable_clean as u64 + z.reclaimable_dirty as u64;
    if want <= outside {
        return;
    }
    let scale = |n: u64| (n as u128 * outside as u128 / want as u128) as u64;
    sc.pcp.count = scale(sc.pcp.count as u64) as u32;
    sc.zone.reclaimable_clean = scale(sc.zone.reclaimable_clean as u64) as u32;
    sc.zone.reclaimable_dirty = scale(sc.zone.reclaimable_dirty as u64) as u32;
    if let Some(p) = sc.pool.as_mut() {
        p.curr_nr = Some((scale(pool) as u32).min(p.min_nr));
    }
    for t in &mut sc.tasks {
        t.holds = scale(t.holds as u64) as u32;
        match t.ops.first_mut() {
            Some(Op::MempoolBulk {
                resume: Some(r), ..
            }) => r.held = scale(r.held as u64) as u32,
            Some(Op::Bulk { array: Some(a), .. }) if a.contains('P') => {
                let keep = scale(a.chars().filter(|c| *c == 'P').count() as u64);
                let mut kept = 0;
                *a = a
                    .chars()
                    .map(|c| match c {
                        'P' if kept < keep => {
                            kept += 1;
                            'P'
                        }
                        'P' => '_',
                        c => c,
                    })
                    .collect();
            }
            _ => {}
        }
    }
}

/// What the arithmetic above cannot tell: whether the free blocks can be laid out (aligned, and
/// never two free buddies side by side) with room for the rest. Halves what the layout names.
fn fit_layout(sc: &mut Scenario, mode: Mode) {
    for _ in 0..12 {
        let Err(e) = Simulation::new(sc, mode) else {
            return;
        };
        let z = &mut sc.zone;
        match e.field.as_str() {
            "zone.free" => {
                // Half the free pages, keeping `free` equal to buddyinfo's plus the reserved.
                let half = sc.free_pages() / 2;
                let z = &mut sc.zone;
                z.reserved_free = (z.reserved_free / 2).min(half);
                match z.buddyinfo.as_mut() {
                    Some(info) => {
                        info.iter_mut().for_each(|n| *n /= 2);
                        z.free = None;
                    }
                    None => z.free = Some(half),
                }
            }
            "zone.buddyinfo" => {
                z.buddyinfo = None;
                z.free = None;
                z.reserved_free = z.reserved_free.min(z.pages as u64 / 2);
            }
            "pcp.count" => sc.pcp.count /= 2,
            "pool.curr_nr" => {
                if let Some(p) = sc.pool.as_mut() {
                    p.curr_nr = Some(p.curr_nr.unwrap_or(p.min_nr.max(1)) / 2);
                }
            }
            "zone.reclaimable_clean" => z.reclaimable_clean /= 2,
            "zone.reclaimable_dirty" => z.reclaimable_dirty /= 2,
            f => {
                let Some(t) = f
                    .strip_prefix("tasks[")
                    .and_then(|r| r.split(']').next())
                    .and_then(|i| i.parse::<usize>().ok())
                else {
                    return;
                };
                let t = &mut sc.tasks[t];
                if f.ends_with(".holds") {
                    t.holds /= 2;
                } else {
                    match t.ops.first_mut() {
                        Some(Op::MempoolBulk {
                            resume: Some(r), ..
                        }) => r.held /= 2,
                        Some(Op::Bulk { array: Some(a), .. }) => *a = a.replace('P', "_"),
                        _ => return,
                    }
                }
            }
        }
    }
}

/// Cuts a scenario over the event bound down to it: the horizon first, then every large number
/// of pages (a request, a free, what a task holds, the reserve) by half, then the longest
/// program, then the last task.
fn fit_events(sc: &mut Scenario, mode: Mode) {
    while sc.estimate_events(mode) > limits::MAX_EVENTS {
        if sc.horizon_ms > 1_000 {
            sc.horizon_ms /= 4;
            continue;
        }
        let mut knobs: Vec<&mut u32> = Vec::new();
        for t in &mut sc.tasks {
            knobs.push(&mut t.holds);
            for op in &mut t.ops {
                match op {
                    Op::MempoolBulk { nr: n, .. }
                    | Op::Bulk { nr: n, .. }
                    | Op::DmCrypt { pages: n, .. }
                    | Op::MempoolAlloc { count: n, .. }
                    | Op::Free { count: n }
                    | Op::FreePages { count: n }
                    | Op::Resize { min_nr: n } => knobs.push(n),
                    _ => {}
                }
            }
        }
        if let Some(p) = sc.pool.as_mut() {
            knobs.push(&mut p.min_nr);
        }
        let large: Vec<&mut u32> = knobs.into_iter().filter(|n| **n > 64).collect();
        if !large.is_empty() {
            for n in large {
                *n /= 2;
            }
        } else {
            {
                let longest = sc.tasks.iter_mut().max_by_key(|t| t.ops.len()).unwrap();
                if longest.ops.len() > 1 {
                    let keep = longest.ops.len() / 2;
                    longest.ops.truncate(keep);
                } else if sc.tasks.len() > 1 {
                    sc.tasks.pop();
                } else {
                    return;
                }
            }
        }
        keep_consistent(sc);
    }
}

/// What a shrink may have broken: a resumed call holds less than it asks for, an array has
/// `nr` slots, the reserve holds at most `min_nr`, a page-bulk pool only shrinks.
fn keep_consistent(sc: &mut Scenario) {
    let page_bulk_pool = matches!(
        sc.semantics_for(sc.mode),
        Semantics::Rfc2022 | Semantics::V2_2023
    );
    let pool_min = sc.pool.as_ref().map_or(0, |p| p.min_nr);
    if let Some(p) = sc.pool.as_mut() {
        p.curr_nr = p.curr_nr.map(|c| c.min(p.min_nr));
    }
    for t in &mut sc.tasks {
        let mut min_nr = pool_min;
        for op in &mut t.ops {
            match op {
                Op::MempoolBulk {
                    nr,
                    resume: Some(r),
                    ..
                } => r.held = r.held.min(*nr - 1),
                Op::Bulk {
                    nr, array: Some(a), ..
                } => *a = a.chars().take(*nr as usize).collect(),
                Op::Resize { min_nr: m } => {
                    if page_bulk_pool {
                        *m = (*m).min(min_nr).max(1);
                    }
                    min_nr = *m;
                }
                _ => {}
            }
        }
    }
}
