//! One sentence per event: what happened and why, with the numbers. Computed on demand from the
//! event, the world just after it and the run's semantics. Each template was checked against
//! the kernel source it narrates (docs/MODEL.md); the source link of each step is in source.rs.

use crate::model::gfp::Gfp;
use crate::model::policy::{Rules, WaitLock};
use crate::model::types::{Mode, Semantics, TaskId};
use crate::model::world::{CallKind, CallResult, Slot, Warning, World};
use crate::model::zone::{Mark, PcpSizing};
use crate::trace::event::{
    Event, EventKind, FailWhy, FreeTo, From, Holding, Resumed, Shortcut, SingleReason, To,
};
use crate::trace::listing::Listing;

/// `n` with the word in the right number: "1 page", "2 pages".
pub fn count(n: impl Into<u64>, word: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

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
        CallKind::MainlineBulk => "mempool_alloc_bulk".into(),
        CallKind::MempoolAlloc => "mempool_alloc".into(),
        CallKind::DmCrypt => "crypt_alloc_buffer".into(),
        CallKind::MempoolInit => "mempool_init".into(),
        CallKind::MempoolResize => "mempool_resize".into(),
    }
}

/// The last argument of a mempool bulk call in `mode`.
fn destination(mode: Mode) -> &'static str {
    match mode {
        Mode::List => "&list",
        Mode::Array => "pages",
        Mode::Callback => "cb, &data",
    }
}

/// Where a page goes; `locked`: the bulk allocator's loop, which runs with the pcp lock held.
fn to_text(to: To, pos: u32, in_bio: bool, locked: bool) -> String {
    let lock = if locked {
        " with the pcp lock held (before v6.2 also with IRQs off)"
    } else {
        ""
    };
    match to {
        To::List => "onto the head of the caller's list (list_add)".into(),
        To::Array => format!("into array slot {pos}"),
        To::Callback if in_bio => {
            format!("to cb(page, data), which adds it to the bio (bio_add_page){lock}")
        }
        To::Callback => format!("to cb(page, data){lock}"),
        To::Held => "to the caller".into(),
        To::Pool => "into the reserve".into(),
    }
}

fn holding_text(from: Holding, pos: u32) -> String {
    match from {
        Holding::List => "taken off the list tail by lru_to_page".into(),
        Holding::Array => format!("from array slot {pos}"),
        Holding::Bio => format!("bvec {pos} of the bio"),
        Holding::Held => "held".into(),
        Holding::Pool => "from the reserve".into(),
    }
}

fn may_reclaim(gfp: Gfp) -> &'static str {
    if gfp.contains(Gfp::DIRECT_RECLAIM) {
        "may reclaim directly and sleep"
    } else {
        "neither reclaims directly nor sleeps"
    }
}

/// What a task's array holds: filled slots among the first `n`.
fn filled(w: &World, task: TaskId, n: u32) -> usize {
    w.task(task)
        .array
        .iter()
        .take(n as usize)
        .filter(|s| s.is_filled())
        .count()
}

/// The narration of `ev`, given the world after it, the run's semantics and the task names.
pub fn narrate(ev: &Event, w: &World, rules: Rules, name: &dyn Fn(TaskId) -> String) -> String {
    let sem = rules.sem;
    // The pool lock dropped before the wait (the RFC's choice, or a what-if elsewhere).
    let dropped = rules.policies.lock == WaitLock::Dropped;
    let who = name(ev.task);
    let f = w.zone.buddy.nr_free_pages();
    let c = w.zone.pcp.count();
    let (curr, min) = w
        .pool
        .as_ref()
        .map(|p| (p.curr_nr(), p.min_nr))
        .unwrap_or((0, 0));
    let task = w.tasks.get(ev.task as usize);
    let call = task.and_then(|t| t.call);
    let pages = task.map_or(0, |t| t.page_count());
    match ev.kind {
        EventKind::TaskStart => format!("{who} starts its program."),
        EventKind::TaskDone => format!("{who} has finished its program."),
        EventKind::Io { until_ms } => format!("{who} waits for its I/O until t = {until_ms} ms."),
        EventKind::IoDone { at_ms } => format!("{who}'s I/O completes at t = {at_ms} ms."),
        EventKind::ScenarioStop => "The scenario stops here. crypt_alloc_buffer itself would go on: it never fails after the non-blocking pass but retries from retry: with __GFP_DIRECT_RECLAIM under bio_alloc_lock.".into(),
        EventKind::CallStart { call: kind, mode, gfp, nr, resumed } => call_start(w, ev.task, &who, sem, kind, mode, gfp, nr, resumed),
        EventKind::CallEnd { call: kind, result } => {
            let mode = call.map_or(Mode::List, |c| c.mode);
            match (kind, result) {
                (CallKind::MempoolAlloc, CallResult::Bool(true)) => format!("mempool_alloc returns page {}.", task.and_then(|t| t.held.last()).copied().unwrap_or(0)),
                (CallKind::MempoolAlloc, CallResult::Bool(false)) => "mempool_alloc returns NULL: without __GFP_DIRECT_RECLAIM it may not wait for the reserve.".into(),
                (CallKind::MainlineBulk, _) if ev.line.1 == 2 => format!("alloc_pages_bulk filled all {} slots: mempool_alloc_bulk is not needed.", call.map_or(0, |c| c.requested)),
                (CallKind::MainlineBulk, _) => format!("mempool_alloc_bulk returns 0 (it always does): all {} slots are filled.", call.map_or(0, |c| c.requested)),
                (CallKind::DmCrypt, _) => format!("crypt_alloc_buffer returns the clone bio with {}.", count(pages, "page")),
                (CallKind::MempoolInit, _) => format!("mempool_init returns 0: the reserve holds {curr} of {min}."),
                (CallKind::MempoolResize, _) => format!("mempool_resize returns 0 (reserve {curr}/{min})."),
                (_, CallResult::Bool(true)) => format!("{} returns {result}: {who} holds {}.", call_name(kind, mode), count(pages, "page")),
                (_, CallResult::Bool(false)) => format!("{} returns {result}: without __GFP_DIRECT_RECLAIM it may not sleep. {who} keeps the {} it got; giving them back is the caller's job.", call_name(kind, mode), count(pages, "page")),
                (CallKind::PlainBulk, CallResult::Count(_)) if sem == Semantics::Mainline6_19 => format!("alloc_pages_bulk returns {result}."),
                (_, CallResult::Count(_)) => format!("{} returns {result}.", call_name(kind, mode)),
            }
        }
        EventKind::ArrayZero { n } => format!("{who} zeroes the {n}-slot page array ({}): the bulk allocator fills only NULL slots.", count(n, "write")),
        EventKind::Round { round, gfp_temp, nr } => match ev.line.0 {
            Listing::MainlineBulk if ev.line.1 == 1 => format!("The caller's own alloc_pages_bulk(GFP_KERNEL, {nr}, pages) comes first, inside its memalloc_noio_save() scope, so the mask in effect is {gfp_temp}; it {}.", may_reclaim(gfp_temp)),
            Listing::MainlineBulk if !gfp_temp.contains(Gfp::DIRECT_RECLAIM) => format!("mempool_alloc_bulk(pool, pages, {nr}, {}): its first pass calls pool->alloc({gfp_temp}) for each NULL slot, a mask that {}.", filled(w, ev.task, nr), may_reclaim(gfp_temp)),
            Listing::MainlineBulk => format!("mempool_alloc_bulk's next pass: pool->alloc({gfp_temp}) for each NULL slot ({} of {nr} filled).", filled(w, ev.task, nr)),
            _ if call.is_some_and(|c| c.resumed) && round == 1 => format!("{who} retries with the full mask {gfp_temp}, nr = {nr}."),
            _ if !gfp_temp.contains(Gfp::DIRECT_RECLAIM) => format!("Round {round}: the first attempt uses gfp_temp = {gfp_temp}, the mask without DIRECT_RECLAIM and IO: it {}{}.", may_reclaim(gfp_temp), if ev.line.0 == Listing::MempoolBulk { format!(", nr = {nr}") } else { String::new() }),
            _ => format!("Round {round}: {who} tries again with the full mask {gfp_temp}{}.", if ev.line.0 == Listing::MempoolBulk { format!(", nr = {nr}") } else { String::new() }),
        },
        EventKind::BulkEnter { gfp, nr, mode } => format!("The bulk allocator is asked for {} ({mode} delivery, {gfp}).", count(nr, "page")),
        EventKind::PrefixScan { populated, reads } => format!("The prefix scan reads {}: {populated} already populated.", count(reads, "slot")),
        EventKind::BulkShortcut { why, populated } => match why {
            Shortcut::AlreadyPopulated if task.is_some_and(|t| t.stats.garbage) => format!("Every slot is non-NULL, so the array counts as fully populated: return {populated} without allocating; the caller now uses stale pointers as pages."),
            Shortcut::AlreadyPopulated => format!("Every slot is populated: return {populated} without allocating."),
        },
        EventKind::WatermarkCheck { mark, check, plus } => {
            let verdict = if check.ok { "passes" } else { "fails" };
            let op = if check.free > check.mark { ">" } else { "<=" };
            let unseen = match c {
                _ if check.ok => String::new(),
                0 => String::new(),
                1 => " (the 1 page on the pcp does not count)".into(),
                n => format!(" (the {n} pages on the pcp do not count)"),
            };
            match mark {
                Mark::BulkLow => format!("Zone check {verdict}: F = {} {op} low + nr = {}{unseen}.", check.free, check.mark),
                Mark::BulkHoles => format!("Zone check (what-if: the array is charged only for its {plus} holes) {verdict}: F = {} {op} low + holes = {}{unseen}.", check.free, check.mark),
                _ if check.free < f => {
                    // An order > 0 check: the block's own pages do not count, and a free block
                    // of that order must exist.
                    let order = (f - check.free + 1).trailing_zeros();
                    let why = if !check.ok && check.free > check.mark { format!(", but no free block of order {order} or more") } else { String::new() };
                    format!("The {} watermark check for order {order} {verdict}: F - {} = {} {op} {}{why} (the block's own pages do not count).", mark.name(), f - check.free, check.free, check.mark)
                }
                Mark::Min if check.mark < w.zone.wmark.min => format!("The min watermark check {verdict}: F = {} {op} {} (min lowered by __GFP_HIGH/ATOMIC){unseen}.", check.free, check.mark),
                _ => format!("The {} watermark check {verdict}: F = {} {op} {}{unseen}.", mark.name(), check.free, check.mark),
            }
        }
        EventKind::PcpLock { ok: true, trylock: false, .. } => "The pcp is taken with the per-CPU local lock, IRQs off; it cannot fail.".into(),
        EventKind::PcpLock { ok: true, trylock: true, .. } if sem == Semantics::Mainline6_19 => "The pcp lock is taken (pcp_spin_trylock; IRQs stay enabled since v6.2).".into(),
        // v2 was posted against 6.2-rc, after pcp allocations stopped disabling IRQs.
        EventKind::PcpLock { ok: true, trylock: true, .. } if sem == Semantics::V2_2023 => "The pcp lock is taken (v6.0's pcp_spin_trylock_irqsave; v2 was posted against 6.2-rc, where IRQs stay enabled).".into(),
        EventKind::PcpLock { ok: true, trylock: true, .. } => "The pcp lock is taken (pcp_spin_trylock_irqsave, IRQs off).".into(),
        EventKind::PcpLock { ok: false, .. } => "The pcp trylock fails: a remote drain holds the lock.".into(),
        EventKind::PcpRefill { wanted, got, splits, first } => {
            if got == 0 && f > 0 {
                format!("The pcp is empty and the refill finds no usable page (wanted {wanted}): the {} free pages belong to a migrate type this request may not take.", f)
            } else if got == 0 {
                format!("The pcp is empty and so is the buddy: the refill gets nothing (wanted {wanted}).")
            } else {
                let below = if f <= w.zone.wmark.min { format!("; now at or below min ({}): a refill is not watermark-checked page by page", w.zone.wmark.min) } else { String::new() };
                let size = if w.zone.pcp.sizing == PcpSizing::V6_19 && wanted != w.zone.pcp.batch {
                    format!(" (v6.19 grows a refill after refills with no free between: batch {} << alloc_factor, capped at high - C - batch)", w.zone.pcp.batch)
                } else {
                    String::new()
                };
                format!("The pcp is empty: rmqueue_bulk moves {got} of {wanted} pages{size} from the buddy to its tail in physical order (pfn {first}..., {}) under one zone-lock hold; C = {c}, F = {f}{below}.", count(splits, "split"))
            }
        }
        EventKind::Take { pfn, from, to, pos, splits, loop_read, .. } => {
            let in_bio = task.is_some_and(|t| t.bio.as_ref().is_some_and(|b| b.live().iter().any(|v| v.page == pfn)));
            let in_loop = ev.line.0 == Listing::BulkAlloc;
            let dest = to_text(to, pos, in_bio, in_loop);
            match from {
                From::Pcp if loop_read => format!("Slot {pos} is NULL (one read): page {pfn} comes off the pcp front into it (C = {c})."),
                From::Pcp => format!("Page {pfn} comes off the pcp front (C = {c}) {dest}."),
                From::Buddy => format!("The pcp gave nothing: page {pfn} comes straight from the buddy under the zone lock ({}, F = {f}) {dest}.", count(splits, "split")),
                From::Pool if ev.line.0 == Listing::MainlineBulk => format!("The reserve gives page {pfn} (reserve {curr}/{min}) {dest}, all under one pool-lock hold."),
                From::Pool if ev.line.0 == Listing::MempoolBulk => format!("The reserve gives page {pfn} (reserve {curr}/{min}); the pool lock is dropped before it goes {dest}."),
                From::Pool => format!("The reserve gives page {pfn} (reserve {curr}/{min}); unlock the pool."),
            }
        }
        EventKind::ArraySkip { pos } => format!("Slot {pos} is already populated: skip it (one read)."),
        EventKind::BulkStop { pos, account, fallback, .. } => {
            if fallback && sem == Semantics::PreMay2022 {
                format!("No page for slot {pos}; the v5.13 rule sees populated = 0 and tries the single-page path.")
            } else if fallback {
                format!("No page for slot {pos} and none taken in this call (nr_account = 0): unlock the pcp and try the single-page path.")
            } else if account == 0 {
                format!("No page for slot {pos}: the v5.13 rule tests populated ({pos}), not the pages taken (0), so it stops without the single-page path.")
            } else {
                format!("No page for slot {pos} after {} taken: stop with a partial result.", count(account, "page"))
            }
        }
        EventKind::SinglePath { reason } => match reason {
            SingleReason::OnePage => "Only one page is missing (nr - populated == 1): use the single-page allocator.".into(),
            SingleReason::Watermark => "No zone passes low + nr: ask the single-page allocator for one page (its slow path may wake kswapd and, if the mask allows, reclaims).".into(),
            SingleReason::Trylock => "The pcp is contended: ask the single-page allocator for one page.".into(),
            SingleReason::NoPageYet => "Nothing was taken in this call: ask the single-page allocator for one page (its slow path may wake kswapd and, if the mask allows, reclaims).".into(),
        },
        EventKind::BulkReturn { ret, account } => format!("The bulk allocator returns {ret}{}.", if account > 0 { format!(" (PGALLOC += {account})") } else { String::new() }),
        EventKind::KernelWarning { warning: Warning::CountOverMinNr { count, min_nr } } => format!(
            "{} fires: {who} asks mempool_alloc_bulk for {count} elements from a pool that keeps at most {min_nr}. A caller bug: the reserve hands out elements only when it holds every missing one, and it never holds more than min_nr, so once pool->alloc fails for more than {min_nr} slots the call can never be met from the reserve; it waits until the page allocator fills enough of them.",
            Warning::CountOverMinNr { count, min_nr }.check()
        ),
        EventKind::KernelWarning { warning: w @ Warning::ZeroWithMempool } => format!(
            "{} fires: __GFP_ZERO with a mempool is a caller bug (elements from the reserve are not zeroed); the kernel warns once and goes on.",
            w.check()
        ),
        EventKind::KswapdWake { was_awake: true, .. } => "kswapd is already awake.".into(),
        EventKind::KswapdWake { balanced: true, .. } => format!("Slow path: wake_all_kswapds, but the zone is balanced (F = {f} > high = {}), so wakeup_kswapd() returns and kswapd stays asleep.", w.zone.wmark.high),
        EventKind::KswapdWake { .. } => "Slow path: wake kswapd (wake_all_kswapds).".into(),
        EventKind::DirectReclaim { freed: 0, .. } => "Direct reclaim frees nothing: without progress the freelists are not tried again.".into(),
        EventKind::DirectReclaim { freed, to_buddy: true, .. } => format!(
            "Direct reclaim frees {}; free_unref_folios' pcp trylock fails, so each goes straight to the buddy: F = {f}.",
            count(freed, "page"),
        ),
        EventKind::DirectReclaim { freed, drains, drained, .. } => format!(
            "Direct reclaim frees {} onto the pcp front{}: C = {c}, F = {f} (the watermark counts only F).",
            count(freed, "page"),
            match drains {
                0 => String::new(),
                1 => format!(", which drained {} from its tail to the buddy when it reached high{}", count(drained, "page"), drain_rule(w, false)),
                n => format!(", which drained {} to the buddy in {n} drains at high{}", count(drained, "page"), drain_rule(w, false)),
            },
        ),
        EventKind::DrainAllPages { moved, .. } => format!("Still no page: drain_all_pages moves all {} to the buddy (C = {c}, F = {f}); try once more.", count(moved, "pcp page")),
        EventKind::TooSmallToFail { fs } => format!(
            "Reclaim made no progress, but a request of order 3 or less without NORETRY never fails: {who} keeps retrying inside the page allocator{} until memory is freed.",
            if fs { " (the kernel would also call the OOM killer, which the model does not)" } else { " (without __GFP_FS, out_of_memory() kills nothing and reports progress)" },
        ),
        EventKind::AllocRetry => format!("Free memory grew (F = {f}): {who} retries its allocation."),
        EventKind::AllocFail { why } => match why {
            FailWhy::NoDirectReclaim => "No page at min, and without __GFP_DIRECT_RECLAIM the caller may not reclaim itself: the allocation fails.".into(),
            FailWhy::NoRetry => "Reclaim did not produce a page and the mask has NORETRY: the allocation fails.".into(),
            FailWhy::ClientLimit if matches!(sem, Semantics::Rfc2022 | Semantics::V2_2023) => "dm-crypt's bulk function returns 0: the client is at or over its page limit and the mask has NORETRY.".into(),
            FailWhy::ClientLimit => "crypt_page_alloc returns NULL: the client is at or over its page limit and the mask has NORETRY.".into(),
        },
        EventKind::ClientLimit { allocated, limit } => format!("dm-crypt's client holds {allocated} pages, at or over its limit of {limit} (n_allocated_pages >= dm_crypt_pages_per_client)."),
        EventKind::DrainEnd { curr_nr, remaining } => match ev.line.0 {
            Listing::MainlineBulk => "Every hole is filled: unlock the pool.".into(),
            // v6.19's mempool_alloc_from_pool unlocks before it returns (after prepare_to_wait
            // when it may sleep); v6.0's mempool_alloc decides under the lock.
            Listing::MempoolAlloc if dropped => format!("The reserve is empty (curr_nr = {curr_nr}); what-if: the pool lock is dropped now, before mempool_alloc decides what to do."),
            Listing::MempoolAlloc if sem == Semantics::Mainline6_19 => format!("The reserve is empty (curr_nr = {curr_nr}): mempool_alloc_from_pool returns 0, joining the wait queue before it unlocks if the mask allows it to sleep."),
            Listing::MempoolAlloc => format!("The reserve is empty (curr_nr = {curr_nr}); the pool lock stays held while mempool_alloc decides what to do."),
            _ if remaining == 0 => "Nothing is missing any more.".into(),
            _ if dropped && sem == Semantics::Rfc2022 => format!("The reserve is empty (curr_nr = {curr_nr}) with {remaining} still missing: the RFC unlocks the pool now, before it decides to retry or to sleep."),
            _ if dropped => format!("The reserve is empty (curr_nr = {curr_nr}) with {remaining} still missing; what-if: the pool lock is dropped now, before the retry or the sleep."),
            _ if sem == Semantics::V2_2023 => format!("The reserve is empty (curr_nr = {curr_nr}) with {remaining} still missing; the pool lock stays held while v2 decides to retry or to sleep."),
            _ => format!("The reserve is empty (curr_nr = {curr_nr}) with {remaining} still missing; what-if: the pool lock stays held through the decision to retry or to sleep."),
        },
        EventKind::PoolShort { curr_nr, need } if dropped => format!("Only {curr_nr} in the reserve but {need} missing: take nothing (all or nothing); what-if: the pool lock is dropped before the wait queue."),
        EventKind::PoolShort { curr_nr, need } => format!("Only {curr_nr} in the reserve but {need} missing: take nothing (all or nothing)."),
        EventKind::Retry { gfp } => match ev.line.0 {
            Listing::DmCrypt => format!("dm-crypt adds __GFP_DIRECT_RECLAIM ({gfp}) and starts again from retry:, now under bio_alloc_lock."),
            Listing::MainlineBulk => format!("mempool_alloc_bulk goes on with the full mask {gfp}."),
            Listing::MempoolBulk if dropped => format!("That was the first attempt: retry at once with the full mask {gfp}."),
            Listing::MempoolAlloc if sem == Semantics::Mainline6_19 || dropped => format!("That was the first attempt (the pool lock is already released): retry at once with the full mask {gfp}."),
            _ => format!("That was the first attempt: unlock and retry at once with the full mask {gfp}."),
        },
        EventKind::Sleep { deadline_ms } => format!("{who} joins the pool's wait queue and sleeps until woken or t = {deadline_ms} ms (io_schedule_timeout(5*HZ)), holding {}.", count(pages, "page")),
        EventKind::Resume { timed_out } => format!("{who} runs again ({}) and retries, holding {}.", if timed_out { "the 5 s timeout ended its sleep" } else { "woken by mempool_free" }, count(pages, "page")),
        EventKind::WakeUp { woken } => match woken {
            0 => "wake_up(&pool->wait): nobody is waiting.".into(),
            1 => "wake_up(&pool->wait) wakes 1 sleeper.".into(),
            2 => "wake_up(&pool->wait) wakes both sleepers at once.".into(),
            n => format!("wake_up(&pool->wait) wakes all {n} sleepers at once."),
        },
        EventKind::Timeout { task: t, at_ms } => {
            let need = still_needed(w, t);
            format!(
                "t = {at_ms} ms: {}'s 5 s sleep times out: no wake_up reached it{}.",
                name(t),
                match (curr, need) {
                    (0, _) => String::new(),
                    (c, Some(n)) if c < n => format!(" (the reserve holds {c}, fewer than the {n} it needs)"),
                    (c, _) => format!(", although the reserve holds {c}"),
                }
            )
        }
        EventKind::Free { pfn, from, pos, to, merges, .. } => match to {
            FreeTo::Pool if ev.line.0 == Listing::MempoolSetup && ev.line.1 == 2 => format!("mempool_init adds page {pfn} to the reserve (reserve {curr}/{min})."),
            FreeTo::Pool if ev.line.0 == Listing::MempoolSetup => format!("mempool_resize adds page {pfn} to the reserve (reserve {curr}/{min})."),
            FreeTo::Pool => format!("mempool_free: page {pfn} ({}) refills the reserve (reserve {curr}/{min}).", holding_text(from, pos)),
            FreeTo::Pcp => format!("Page {pfn} ({}) goes back to the pcp front (C = {c}).", holding_text(from, pos)),
            FreeTo::Buddy => format!("The pcp trylock fails: page {pfn} ({}) goes straight to the buddy ({}).", holding_text(from, pos), count(merges, "merge")),
        },
        EventKind::CompoundTry { order, over_limit: false } => format!("dm-crypt tries an order-{order} compound page ({} KiB) with NORETRY and, in this pass, without direct reclaim.", 4u32 << order),
        EventKind::CompoundTry { order, over_limit: true } => format!("An order-{order} page would take dm-crypt's client past its limit (n_allocated_pages + {} > dm_crypt_pages_per_client): try a smaller order.", 1u32 << order),
        EventKind::TakeCompound { pfn, order, splits } => format!(
            "An order-{order} block ({} at pfn {pfn}, {}) comes from the buddy{} and becomes one bvec of {} KiB; F = {f}.",
            count(1u32 << order, "page"),
            count(splits, "split"),
            if order <= 3 { " (model: one order-0 pcp list; the kernel also caches orders 1 to 3 per CPU)" } else { "" },
            4u32 << order
        ),
        EventKind::FreeCompound { pfn, order, merges } => format!("folio_put: the order-{order} folio at pfn {pfn} goes back to the buddy ({}); F = {f}.", count(merges, "merge")),
        EventKind::PcpDrain { n, merges } => format!("The pcp reached high: free_pcppages_bulk moves {n} pages from its tail to the buddy ({}){}; C = {c}, F = {f}.", count(merges, "merge"), drain_rule(w, true)),
        EventKind::BioAlloc { nr_iovecs } => format!("bio_alloc_bioset: {who} allocates the clone bio with {nr_iovecs} bvec slots."),
        EventKind::BvecAdd { pfn, from, pos } => format!("bio_add_page: page {pfn} ({}) becomes bvec {}.", holding_text(from, pos), task.and_then(|t| t.bio.as_ref()).map_or(0, |b| b.bvecs.len()).saturating_sub(1)),
        EventKind::BioDrop => format!("bio_put: {who} drops the clone bio."),
        EventKind::ClientCount { delta } => format!("dm-crypt's page counter n_allocated_pages changes by {delta:+}: {}.", w.pool.as_ref().map_or(0, |p| p.n_allocated)),
        EventKind::MutexLock { acquired: true } => format!("{who} takes bio_alloc_lock."),
        EventKind::MutexLock { acquired: false } => format!("{who} blocks on bio_alloc_lock{}.", w.mutex.owner.map(|o| format!(", held by {}", name(o))).unwrap_or_default()),
        EventKind::MutexUnlock { handoff: Some(next) } => format!("{who} releases bio_alloc_lock; {} takes it.", name(next)),
        EventKind::MutexUnlock { handoff: None } => format!("{who} releases bio_alloc_lock."),
        EventKind::KswapdReclaim { freed, at_ms } => format!("t = {at_ms} ms: kswapd reclaims {} to the buddy (F = {f}).", count(freed, "page")),
        EventKind::KswapdSleep { balanced: true } => format!("kswapd goes back to sleep: the zone is balanced, F = {f} > high = {}.", w.zone.wmark.high),
        EventKind::KswapdSleep { balanced: false } => "kswapd stops: nothing is left to reclaim (the model gives up at once; the kernel does after 16 failed runs).".into(),
        EventKind::PcpContention { locked } => if locked { "A remote drain takes the pcp lock.".into() } else { "The remote drain releases the pcp lock.".into() },
        EventKind::Resize { new_min } => format!("min_nr is now {new_min}."),
        // A switch after a bulk call's return: the call may have taken no lock at all (its
        // zone check failed), so the step is a switch point by the scenario's setting only.
        EventKind::Switch { to } if ev.line.0 == Listing::BulkAlloc => format!("The scheduler preempts {who} as the bulk call returns (a switch point the scenario's preempt setting allows) and runs {}.", name(to)),
        EventKind::Switch { to } => format!("The scheduler preempts {who} at a lock release and runs {}.", name(to)),
    }
}

/// The start of a call, in the caller's words: its own mask, and what the callee adds.
#[allow(clippy::too_many_arguments)]
fn call_start(
    w: &World,
    task: TaskId,
    who: &str,
    sem: Semantics,
    kind: CallKind,
    mode: Mode,
    gfp: Gfp,
    nr: u32,
    resumed: Resumed,
) -> String {
    const ADDS: &str = "the mempool adds NORETRY|NOMEMALLOC|NOWARN";
    match kind {
        CallKind::DmCrypt => {
            let what_if = if mode == Mode::Array && matches!(sem, Semantics::Rfc2022 | Semantics::V2_2023) {
                " What-if: neither the RFC nor v2 had an array-mode dm-crypt (the RFC used a list, v2 a callback)."
            } else {
                ""
            };
            if gfp.contains(Gfp::DIRECT_RECLAIM) {
                format!("crypt_alloc_buffer needs {}; this run starts at its blocking pass (GFP_NOWAIT|HIGHMEM|DIRECT_RECLAIM, the bits of {gfp}), which runs under bio_alloc_lock.{what_if}", count(nr, "page"))
            } else {
                format!("crypt_alloc_buffer needs {}: first a non-blocking pass with {gfp}, without bio_alloc_lock.{what_if}", count(nr, "page"))
            }
        }
        CallKind::MempoolInit if matches!(sem, Semantics::Rfc2022 | Semantics::V2_2023) => format!("{who}: mempool_init_pages_bulk fills the reserve to {nr} with alloc_page(GFP_KERNEL): a page-bulk pool has no pool->alloc, and dm-crypt does not count these pages."),
        CallKind::MempoolInit if sem == Semantics::Mainline6_19 && nr == 0 => format!("{who}: mempool_init fills a zero-minimum reserve to max(1, min_nr) = 1 element, from pool->alloc(GFP_KERNEL)."),
        CallKind::MempoolInit => format!("{who}: mempool_init fills the reserve to {nr}, each element from pool->alloc(GFP_KERNEL)."),
        CallKind::MempoolResize => format!("{who} calls mempool_resize(pool, {nr})."),
        CallKind::MempoolAlloc => format!("{who} calls mempool_alloc(pool, {gfp}); {ADDS}."),
        CallKind::MempoolBulk if resumed != Resumed::No => {
            let t = w.task(task);
            let held = match mode {
                Mode::Array => t.array.iter().filter(|s| matches!(s, Slot::Page(_))).count() as u32,
                _ => t.page_count(),
            };
            let call = format!("{}(pool, {gfp}, {nr}, {})", call_name(kind, mode), destination(mode));
            if resumed == Resumed::Asleep {
                format!("{who} has been asleep inside {call} since before the scenario began: it holds {held} of {nr} pages from earlier rounds and already uses the full mask. It runs now because it was woken.")
            } else {
                format!("{who} is already inside {call}: it holds {held} of {nr} pages from earlier rounds and is past its first pass.")
            }
        }
        CallKind::MempoolBulk => format!("{who} calls {}(pool, {gfp}, {nr}, {}); {ADDS}.", call_name(kind, mode), destination(mode)),
        CallKind::MainlineBulk => format!(
            "{who} needs {} in a page array and uses v6.19's mempool_alloc_bulk as the v7.0 blk-crypto fallback does. Its mask is fixed to GFP_KERNEL{}.",
            count(nr, "page"),
            if gfp == Gfp::GFP_KERNEL { String::new() } else { format!("; a memalloc scope narrows it here to {gfp}") }
        ),
        // v6.14 dropped the list interface and renamed the array one alloc_pages_bulk.
        CallKind::PlainBulk if sem == Semantics::Mainline6_19 => format!("{who} calls alloc_pages_bulk({gfp}, {nr}, pages)."),
        CallKind::PlainBulk => format!("{who} calls {}({gfp}, {nr}, {}).", call_name(kind, mode), match mode { Mode::List => "&list", Mode::Array => "pages", Mode::Callback => "cb, data" }),
    }
}

/// How a drain at `high` was sized under v6.19 (`values`: the world is the one right after that
/// drain, whose `free_count` the drain does not change); empty before v6.19, where a drain
/// moves `batch` pages.
fn drain_rule(w: &World, values: bool) -> String {
    let pcp = &w.zone.pcp;
    if pcp.sizing != PcpSizing::V6_19 {
        return String::new();
    }
    let rule = "v6.19 sizes a drain by the pages freed since the last allocation";
    if !values {
        return format!(" ({rule}: clamp(free_count, batch, high - batch))");
    }
    format!(
        " ({rule}: clamp(free_count {}, batch {}, high - batch {}))",
        pcp.free_count,
        pcp.batch,
        pcp.high.saturating_sub(pcp.batch)
    )
}

/// How many elements a sleeping task still needs from the reserve: the holes of its
/// `mempool_alloc_bulk` array (all or nothing), or what its Yang Shi call or `mempool_alloc`
/// still misses.
fn still_needed(w: &World, t: TaskId) -> Option<u32> {
    let task = w.tasks.get(t as usize)?;
    let call = task.call?;
    match call.kind {
        CallKind::MainlineBulk => Some(
            task.array
                .iter()
                .take(call.requested as usize)
                .filter(|s| !s.is_filled())
                .count() as u32,
        ),
        _ => Some(call.remaining.max(1)),
    }
}
