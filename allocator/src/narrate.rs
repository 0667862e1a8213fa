//! One sentence per event: what happened and why, with the numbers. Computed on demand from the
//! event and the world just after it.

use crate::event::{
    Event, EventKind, FailWhy, FreeTo, From, Holding, Phase, Shortcut, SingleReason, To,
};
use crate::types::{Mode, TaskId};
use crate::world::{CallKind, CallResult, World};
use crate::zone::Mark;

fn call_name(call: CallKind, mode: Mode) -> String {
    match call {
        CallKind::PlainBulk => match mode {
            Mode::List => "alloc_pages_bulk_list".into(),
            Mode::Array => "alloc_pages_bulk_array".into(),
            Mode::Callback => "alloc_pages_bulk_cb".into(),
        },
        CallKind::MempoolBulk => format!(
            "mempool_alloc_pages_bulk_{}",
            if mode == Mode::Callback {
                "cb"
            } else {
                mode.name()
            }
        ),
        CallKind::MainlineBulk => "alloc_pages_bulk + mempool_alloc_bulk".into(),
        CallKind::MempoolAlloc => "mempool_alloc".into(),
        CallKind::DmCrypt => "crypt_alloc_buffer".into(),
        CallKind::MempoolInit => "mempool_init".into(),
        CallKind::MempoolResize => "mempool_resize".into(),
    }
}

fn to_text(to: To, pos: u32) -> String {
    match to {
        To::List => "onto the head of the caller's list".into(),
        To::Array => format!("into array slot {pos}"),
        To::Callback => "to the callback, which adds it to the bio".into(),
        To::Held => "to the caller".into(),
        To::Pool => "into the reserve".into(),
    }
}

fn holding_text(from: Holding, pos: u32) -> String {
    match from {
        Holding::List => "popped from the list head".into(),
        Holding::Array => format!("read from array slot {pos}"),
        Holding::Bio => "walked from the bio".into(),
        Holding::Held => "held".into(),
        Holding::Pool => "popped from the reserve".into(),
    }
}

/// The narration of `ev`, given the world after it and the task names.
pub fn narrate(ev: &Event, w: &World, name: &dyn Fn(TaskId) -> String) -> String {
    let who = name(ev.task);
    let f = w.zone.buddy.nr_free_pages();
    let c = w.zone.pcp.count();
    let pool = w
        .pool
        .as_ref()
        .map(|p| (p.curr_nr(), p.min_nr))
        .unwrap_or((0, 0));
    match ev.kind {
        EventKind::TaskStart => format!("{who} starts."),
        EventKind::TaskDone => format!("{who} has finished its program."),
        EventKind::Io { until_ms } => format!("{who} waits for its I/O until t = {} ms.", until_ms),
        EventKind::IoDone { at_ms } => format!("{who}'s I/O completes at t = {at_ms} ms."),
        EventKind::CallStart { call, mode, gfp, nr } => match call {
            CallKind::DmCrypt => format!("{who}: dm-crypt allocates a bio of {nr} pages, first with {gfp}."),
            CallKind::MempoolInit => format!("{who}: mempool_init fills the reserve to {nr} with GFP_KERNEL allocations."),
            CallKind::MempoolResize => format!("{who}: mempool_resize to min_nr = {nr}."),
            _ => format!("{who} calls {}({gfp}, nr = {nr}).", call_name(call, mode)),
        },
        EventKind::CallEnd { call, result } => match result {
            CallResult::Bool(true) => format!("{} returns true: {who} holds {} pages.", call_name(call, w.task(ev.task).call.map_or(Mode::List, |c| c.mode)), w.task(ev.task).page_count()),
            CallResult::Bool(false) => format!("{} returns false; {who} keeps {} pages and must free them.", call_name(call, w.task(ev.task).call.map_or(Mode::List, |c| c.mode)), w.task(ev.task).page_count()),
            CallResult::Count(n) => format!("The bulk call returns {n}."),
        },
        EventKind::ArrayZero { n } => format!("{who} zeroes the {n}-slot page array ({n} writes): the bulk allocator fills only NULL slots."),
        EventKind::Round { round, gfp_temp, nr } => match ev.phase {
            Phase::SleepableRetry => format!("Round {round}: {who} tries again with the full mask {gfp_temp}, nr = {nr}."),
            _ => format!("Round {round}: the first attempt uses {gfp_temp} (no direct reclaim, no I/O), nr = {nr}."),
        },
        EventKind::BulkEnter { gfp, nr, mode } => format!("The bulk allocator is asked for {nr} pages ({mode} delivery, {gfp})."),
        EventKind::PrefixScan { populated, reads } => format!("The prefix scan reads {reads} slot{}: {populated} already populated.", if reads == 1 { "" } else { "s" }),
        EventKind::BulkShortcut { why, populated } => match why {
            Shortcut::NothingRequested => "Nothing was requested: return at once.".into(),
            Shortcut::AlreadyPopulated if w.task(ev.task).stats.garbage => format!("Every slot is non-NULL, so the array counts as fully populated: return {populated} without allocating — the caller now uses stale pointers as pages."),
            Shortcut::AlreadyPopulated => format!("Every slot is populated: return {populated} without allocating."),
        },
        EventKind::WatermarkCheck { mark, check, .. } => {
            let verdict = if check.ok { "passes" } else { "fails" };
            match mark {
                Mark::BulkLow => format!("Zone check {verdict}: F = {} {} low + nr = {}.", check.free, if check.ok { ">" } else { "<=" }, check.mark),
                _ if check.free < f => {
                    // An order > 0 check: the block's own pages are not counted, and a free
                    // block of that order must exist.
                    let order = (f - check.free + 1).trailing_zeros();
                    let above = check.free > check.mark;
                    let why = if check.ok { String::new() } else if above { format!(", but no free block of order {order} or more") } else { String::new() };
                    format!("The {} watermark check for order {order} {verdict}: F − {} = {} {} {}{why}.", mark.name(), f - check.free, check.free, if above { ">" } else { "<=" }, check.mark)
                }
                _ => format!("The {} watermark check {verdict}: F = {} {} {}.", mark.name(), check.free, if check.ok { ">" } else { "<=" }, check.mark),
            }
        }
        EventKind::PcpLock { ok: true, trylock } => format!("The pcp lock is taken ({}).", if trylock { "spin_trylock" } else { "local lock, IRQs off" }),
        EventKind::PcpLock { ok: false, .. } => "The pcp trylock fails: a remote drain holds it.".into(),
        EventKind::PcpRefill { wanted, got, splits, first } => {
            if got == 0 {
                format!("The pcp is empty and the refill finds no usable page in the buddy (wanted {wanted}).")
            } else {
                format!("The pcp is empty: refill {got} of {wanted} pages from the buddy (pfn {first}…, {splits} split{}) under one zone-lock hold; F = {f}, C = {c}.", if splits == 1 { "" } else { "s" })
            }
        }
        EventKind::Take { pfn, from, to, pos, splits, .. } => match from {
            From::Pcp => format!("Page {pfn} comes off the pcp front (C = {c}) {}.", to_text(to, pos)),
            From::Buddy => format!("Page {pfn} comes straight from the buddy ({splits} split{}, F = {f}) {}.", if splits == 1 { "" } else { "s" }, to_text(to, pos)),
            From::Pool if ev.line.0 == crate::event::Listing::MainlineBulk => format!("The reserve gives page {pfn} (pool {}/{}) {}, all under one pool-lock hold.", pool.0, pool.1, to_text(to, pos)),
            From::Pool => format!("The reserve gives page {pfn} (pool {}/{}) {}; the pool lock is dropped.", pool.0, pool.1, to_text(to, pos)),
        },
        EventKind::ArraySkip { pos } => format!("Slot {pos} is already populated: skip it (one read)."),
        EventKind::BulkStop { pos, account, fallback, .. } => {
            if fallback && account == 0 {
                format!("No page for slot {pos} and none taken yet: unlock and try the single-page path.")
            } else if fallback {
                format!("No page for slot {pos}; populated is 0, so try the single-page path.")
            } else if account == 0 {
                format!("No page for slot {pos}: the v5.13 rule tests populated ({pos}), not the pages taken (0), so it stops without the single-page path.")
            } else {
                format!("No page for slot {pos} after {account} taken: stop with a partial result.")
            }
        }
        EventKind::SinglePath { reason } => match reason {
            SingleReason::OnePage => "Only one page is missing: use the single-page allocator.".into(),
            SingleReason::Watermark => "No zone passes low + nr: fall back to the single-page allocator for one page.".into(),
            SingleReason::Trylock => "The pcp is contended: fall back to the single-page allocator for one page.".into(),
            SingleReason::NoPageYet => "Nothing was taken in this call: the single-page allocator may reclaim or wake kswapd.".into(),
        },
        EventKind::BulkReturn { ret, account } => format!("The bulk allocator returns {ret}{}.", if account > 0 { format!(" (PGALLOC += {account})") } else { String::new() }),
        EventKind::KswapdWake { was_awake } => if was_awake { "kswapd is already awake.".into() } else { "Slow path: wake kswapd.".into() },
        EventKind::DirectReclaim { freed, .. } => format!("Direct reclaim frees {freed} page{}: F = {f}.", if freed == 1 { "" } else { "s" }),
        EventKind::AllocFail { why } => match why {
            FailWhy::NoDirectReclaim => "No page, and without DIRECT_RECLAIM no reclaim may run: the allocation fails.".into(),
            FailWhy::NoRetry => "Reclaim did not help and NORETRY is set: the allocation fails.".into(),
            FailWhy::Exhausted => "Still no page after the model's reclaim rounds: the allocation fails.".into(),
            FailWhy::ClientLimit => "dm-crypt refuses: the client is over its page limit and NORETRY is set.".into(),
        },
        EventKind::ClientLimit { allocated, limit } => format!("dm-crypt's client holds {allocated} pages, at its limit of {limit}."),
        EventKind::DrainEnd { curr_nr, remaining } => {
            if remaining == 0 {
                "Nothing is missing any more: unlock the pool.".into()
            } else {
                format!("The reserve is empty (curr_nr = {curr_nr}) with {remaining} still missing: unlock the pool.")
            }
        }
        EventKind::PoolShort { curr_nr, need } => format!("Only {curr_nr} in the reserve but {need} missing: take nothing (all or nothing)."),
        EventKind::Retry { gfp } => format!("Retry at once with the full mask {gfp}."),
        EventKind::Sleep { deadline_ms } => format!("{who} sleeps on the pool's wait queue until woken or t = {deadline_ms} ms, holding {} pages.", w.task(ev.task).page_count()),
        EventKind::Resume { timed_out } => format!("{who} runs again ({}) and retries.", if timed_out { "the 5 s timeout ended its sleep" } else { "woken by mempool_free" }),
        EventKind::WakeUp { woken } => match woken {
            0 => "wake_up(&pool->wait): nobody is waiting.".into(),
            1 => "wake_up(&pool->wait) wakes 1 sleeper.".into(),
            n => format!("wake_up(&pool->wait) wakes all {n} sleepers at once."),
        },
        EventKind::Timeout { task, at_ms } => format!("t = {at_ms} ms: {}'s 5 s sleep times out — nobody freed to the pool.", name(task)),
        EventKind::Free { pfn, from, pos, to, merges } => match to {
            FreeTo::Pool => format!("mempool_free: page {pfn} ({}) refills the reserve (pool {}/{}).", holding_text(from, pos), pool.0, pool.1),
            FreeTo::Pcp => format!("Page {pfn} ({}) goes back to the pcp front (C = {c}).", holding_text(from, pos)),
            FreeTo::Buddy => format!("Page {pfn} ({}) goes straight to the buddy ({merges} merge{}).", holding_text(from, pos), if merges == 1 { "" } else { "s" }),
        },
        EventKind::CompoundTry { order, over_limit: false } => format!("dm-crypt tries an order-{order} compound page ({} KiB) with NORETRY, no reclaim.", 4u32 << order),
        EventKind::CompoundTry { order, over_limit: true } => format!("An order-{order} page would take dm-crypt's client over its limit: try a smaller order."),
        EventKind::TakeCompound { pfn, order, splits } => format!(
            "An order-{order} block ({} pages at pfn {pfn}, {splits} split{}) comes straight from the buddy and becomes one bvec of {} KiB; F = {f}.",
            1u32 << order,
            if splits == 1 { "" } else { "s" },
            4u32 << order
        ),
        EventKind::FreeCompound { pfn, order, merges } => format!(
            "folio_put: the order-{order} folio at pfn {pfn} goes back to the buddy ({merges} merge{}); F = {f}.",
            if merges == 1 { "" } else { "s" }
        ),
        EventKind::PcpDrain { n, merges } => format!("The pcp reached high: {n} pages from its back go to the buddy ({merges} merges); C = {c}, F = {f}."),
        EventKind::BioAlloc { nr_iovecs } => format!("{who} allocates a bio with {nr_iovecs} bvec slots."),
        EventKind::BvecAdd { pfn, from, pos } => format!("bio_add_page: page {pfn} ({}) becomes bvec {}.", holding_text(from, pos), w.task(ev.task).bio.as_ref().map_or(0, |b| b.bvecs.len()).saturating_sub(1)),
        EventKind::BioDrop => format!("{who} drops the bio."),
        EventKind::ClientCount { delta } => format!("dm-crypt's page counter changes by {delta:+}: {}.", w.pool.as_ref().map_or(0, |p| p.n_allocated)),
        EventKind::MutexLock { acquired: true } => format!("{who} takes bio_alloc_lock."),
        EventKind::MutexLock { acquired: false } => format!("{who} blocks on bio_alloc_lock."),
        EventKind::MutexUnlock { handoff: Some(next) } => format!("{who} releases bio_alloc_lock; {} takes it.", name(next)),
        EventKind::MutexUnlock { handoff: None } => format!("{who} releases bio_alloc_lock."),
        EventKind::KswapdReclaim { freed, at_ms } => format!("t = {at_ms} ms: kswapd reclaims {freed} pages (F = {f})."),
        EventKind::KswapdSleep => "kswapd goes back to sleep.".into(),
        EventKind::PcpContention { locked } => if locked { "A remote drain takes the pcp lock.".into() } else { "The remote drain releases the pcp lock.".into() },
        EventKind::Resize { new_min } => format!("min_nr is now {new_min}."),
        EventKind::Switch { to } => format!("The scheduler preempts {who} at the lock release and runs {}.", name(to)),
    }
}
