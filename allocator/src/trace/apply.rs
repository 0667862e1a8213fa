//! `World::apply`: the only code that changes a world. The simulation applies each event as it
//! emits it; a replay applies the recorded events to a checkpoint and reaches the same state.
//! Fields that describe an outcome (which pfn, how many splits) are filled in here.

use crate::model::types::TaskId;
use crate::model::world::{Bio, CallKind, CallView, Slot, TaskState, World};
use crate::model::zone::Mark;
use crate::trace::event::{Event, EventKind, FreeTo, From, Resumed, To};

impl World {
    /// Applies one event, completing its outcome fields. Tasks looping in the page allocator
    /// run again as soon as an event grows the buddy's free pages.
    pub fn apply(&mut self, ev: &mut Event) {
        if self.alloc_waiters.is_empty() {
            self.apply_event(ev);
            return;
        }
        let before = self.zone.buddy.nr_free_pages();
        self.apply_event(ev);
        if self.zone.buddy.nr_free_pages() > before {
            while let Some(w) = self.alloc_waiters.pop_front() {
                self.make_runnable(w);
            }
        }
    }

    fn apply_event(&mut self, ev: &mut Event) {
        let t = ev.task;
        match &mut ev.kind {
            EventKind::TaskStart | EventKind::Retry { .. } | EventKind::ScenarioStop => {}
            EventKind::TaskDone => {
                self.task_mut(t).state = TaskState::Done;
                self.runq.retain(|&x| x != t);
            }
            EventKind::Io { until_ms } => {
                self.task_mut(t).state = TaskState::Io {
                    until_ms: *until_ms,
                };
                self.runq.retain(|&x| x != t);
            }
            EventKind::IoDone { at_ms } => {
                self.now_ms = self.now_ms.max(*at_ms);
                self.make_runnable(t);
            }
            EventKind::CallStart {
                call,
                mode,
                gfp,
                nr,
                resumed,
            } => {
                if matches!(
                    call,
                    CallKind::MempoolAlloc | CallKind::MempoolBulk | CallKind::MainlineBulk
                ) && *resumed == Resumed::No
                {
                    self.work.mempool_calls += 1;
                }
                let task = self.task_mut(t);
                if *call == CallKind::DmCrypt {
                    task.dm_gfp = Some(*gfp);
                } else {
                    task.call = Some(CallView {
                        kind: *call,
                        mode: *mode,
                        gfp: *gfp,
                        gfp_temp: *gfp,
                        nr: *nr,
                        requested: *nr,
                        round: 0,
                        remaining: *nr,
                        open: true,
                        resumed: *resumed != Resumed::No,
                    });
                    if matches!(call, CallKind::PlainBulk | CallKind::MempoolBulk) {
                        task.stats.garbage = false;
                    }
                }
            }
            EventKind::CallEnd { call, result } => {
                let task = self.task_mut(t);
                task.stats.result = Some(*result);
                task.stats.result_of = Some(*call);
                if *call == CallKind::DmCrypt {
                    task.dm_gfp = None;
                } else if let Some(c) = task.call.as_mut() {
                    c.remaining = 0;
                    c.open = false;
                }
            }
            EventKind::ArrayZero { n } => {
                self.work.array_zeroing_writes += *n as u64;
                // Pages still in the old array stay with the caller, outside the array.
                let task = self.task_mut(t);
                let kept: Vec<u32> = task
                    .array
                    .iter()
                    .filter_map(|s| match s {
                        Slot::Page(p) => Some(*p),
                        _ => None,
                    })
                    .collect();
                task.held.extend(kept);
                task.array = vec![Slot::Empty; *n as usize];
            }
            EventKind::Round {
                round,
                gfp_temp,
                nr,
            } => {
                if let Some(c) = self.task_mut(t).call.as_mut() {
                    c.round = *round;
                    c.gfp_temp = *gfp_temp;
                    c.nr = *nr;
                }
            }
            EventKind::BulkEnter { .. } => {
                self.work.allocator_calls += 1;
                self.task_mut(t).stats.bulk_calls += 1;
            }
            EventKind::PrefixScan { reads, .. } => self.work.array_reads += *reads as u64,
            EventKind::BulkShortcut { populated, .. } => {
                let task = self.task_mut(t);
                if task.array.iter().any(|s| matches!(s, Slot::Stale(_))) && *populated > 0 {
                    task.stats.garbage = true;
                }
            }
            EventKind::WatermarkCheck { mark, .. } => {
                self.work.watermark_checks += 1;
                // Every `__alloc_pages` starts with its fast path at `low`.
                if *mark == Mark::Low {
                    self.work.allocator_calls += 1;
                }
            }
            EventKind::AllocFail { .. } => {}
            EventKind::PcpLock { ok, single, .. } => {
                if *ok {
                    self.work.pcp_lock += 1;
                    if *single {
                        self.zone.pcp.note_single_alloc();
                    }
                }
            }
            EventKind::PcpRefill {
                wanted,
                got,
                splits,
                first,
            } => {
                self.work.zone_lock += 1;
                self.zone.pcp.note_refill();
                let (mut n, mut s) = (0, 0);
                for _ in 0..*wanted {
                    match self.zone.buddy.take(0) {
                        Some(op) => {
                            if n == 0 {
                                *first = op.pfn;
                            }
                            self.zone.pcp.list.push_back(op.pfn);
                            n += 1;
                            s += op.steps as u32;
                        }
                        None => break,
                    }
                }
                *got = n;
                *splits = s;
            }
            EventKind::Take {
                pfn,
                from,
                to,
                pos,
                pgalloc,
                loop_read,
                splits,
                keeps_lock,
            } => {
                if *loop_read {
                    self.work.array_reads += 1;
                }
                *pfn = match from {
                    From::Pcp => self
                        .zone
                        .pcp
                        .list
                        .pop_front()
                        .expect("Take from an empty pcp"),
                    From::Buddy => {
                        self.work.zone_lock += 1;
                        let op = self.zone.buddy.take(0).expect("Take from an empty buddy");
                        *splits = op.steps;
                        op.pfn
                    }
                    From::Pool => {
                        self.work.pool_takes += 1;
                        // v6.19 fills every hole under one hold (its takes read the array
                        // slot); Yang Shi's drain and mempool_alloc hold the lock per element.
                        if !*keeps_lock {
                            self.work.pool_lock += 1;
                        }
                        let pool = self.pool.as_mut().expect("Take from a missing pool");
                        let p = pool.elements.pop().expect("Take from an empty pool");
                        self.tasks[t as usize].stats.from_pool += 1;
                        p
                    }
                };
                if *pgalloc {
                    self.zone.stats.pgalloc += 1;
                }
                if matches!(from, From::Pcp | From::Buddy) && *to != To::Pool {
                    let stats = &mut self.task_mut(t).stats;
                    stats.from_bulk += 1;
                    if *pgalloc {
                        stats.from_single += 1;
                    }
                }
                self.deliver(t, *pfn, *to, *pos);
            }
            EventKind::ArraySkip { .. } => self.work.array_reads += 1,
            EventKind::BulkStop { read, .. } => {
                if *read {
                    self.work.array_reads += 1;
                }
            }
            EventKind::SinglePath { .. } => self.work.single_path_calls += 1,
            EventKind::BulkReturn { account, .. } => self.zone.stats.pgalloc += *account as u64,
            EventKind::KswapdWake {
                was_awake,
                balanced,
            } => {
                *was_awake = self.zone.kswapd.awake;
                if !self.zone.kswapd.awake && !*balanced {
                    self.zone.kswapd.awake = true;
                    self.zone.kswapd.wakeups += 1;
                }
            }
            EventKind::DirectReclaim {
                freed,
                dirty_ok,
                drains,
                drained,
                to_buddy,
            } => {
                // shrink_page_list() frees through free_unref_page_list(): each page goes to
                // the pcp front, and the pcp drains whenever it reaches `high`.
                let pages = self.zone.reclaim.take(32, *dirty_ok);
                *freed = pages.len() as u32;
                (*drains, *drained) = (0, 0);
                self.zone.stats.direct_reclaimed += pages.len() as u64;
                if !pages.is_empty() && !*to_buddy {
                    self.work.pcp_lock += 1;
                }
                for p in pages {
                    self.zone.stats.pgfree += 1;
                    if *to_buddy {
                        self.work.zone_lock += 1;
                        self.zone.buddy.free(p, 0);
                        continue;
                    }
                    self.zone.pcp.list.push_front(p);
                    self.zone.pcp.note_free();
                    let n = self.zone.pcp.drain_size();
                    if self.zone.pcp.count() >= self.zone.pcp.high && n > 0 {
                        *drained += n.min(self.zone.pcp.count());
                        self.drain_pcp(n, self.zone.pcp.drain_holds(n));
                        *drains += 1;
                    }
                }
            }
            EventKind::DrainAllPages { moved, merges } => {
                let n = self.zone.pcp.count();
                *moved = n;
                *merges = self.drain_pcp(n, self.zone.pcp.drain_all_holds(n));
            }
            EventKind::TooSmallToFail { .. } => {
                let now = self.now_ms;
                self.task_mut(t).state = TaskState::RetryingAlloc { since_ms: now };
                self.runq.retain(|&x| x != t);
                self.alloc_waiters.push_back(t);
            }
            EventKind::AllocRetry => {}
            EventKind::ClientLimit { .. } => {}
            EventKind::DrainEnd { remaining, .. } => {
                self.work.pool_lock += 1;
                if let Some(c) = self.task_mut(t).call.as_mut() {
                    c.remaining = *remaining;
                }
            }
            EventKind::PoolShort { need, .. } => {
                self.work.pool_lock += 1;
                if let Some(c) = self.task_mut(t).call.as_mut() {
                    c.remaining = *need;
                }
            }
            EventKind::Sleep { deadline_ms } => {
                self.work.sleeps += 1;
                let now = self.now_ms;
                let task = self.task_mut(t);
                task.stats.sleeps += 1;
                task.state = TaskState::SleepingOnPool {
                    since_ms: now,
                    deadline_ms: *deadline_ms,
                };
                self.runq.retain(|&x| x != t);
                // `prepare_to_wait` adds a non-exclusive waiter at the head of the queue.
                if let Some(pool) = self.pool.as_mut() {
                    pool.waiters.push_front(t);
                }
            }
            EventKind::Resume { .. } => {}
            EventKind::WakeUp { woken } => {
                // `__wake_up_common` walks the queue from its head: the newest sleeper first.
                self.work.wakeups += 1;
                let waiters: Vec<TaskId> = self
                    .pool
                    .as_mut()
                    .map(|p| p.waiters.drain(..).collect())
                    .unwrap_or_default();
                *woken = waiters.len() as u32;
                for w in waiters {
                    self.make_runnable(w);
                }
            }
            EventKind::Timeout { task, at_ms } => {
                self.now_ms = self.now_ms.max(*at_ms);
                self.work.timeouts += 1;
                self.task_mut(*task).stats.timeouts += 1;
                if let Some(pool) = self.pool.as_mut() {
                    pool.waiters.retain(|&x| x != *task);
                }
                self.make_runnable(*task);
            }
            EventKind::Free {
                pfn,
                from,
                pos,
                to,
                merges,
                pgfree,
            } => {
                *pfn = self.take_back(t, *from, *pos);
                if *pgfree {
                    self.zone.stats.pgfree += 1;
                }
                match to {
                    FreeTo::Pool => {
                        self.work.pool_puts += 1;
                        self.work.pool_lock += 1;
                        self.pool
                            .as_mut()
                            .expect("Free to a missing pool")
                            .elements
                            .push(*pfn);
                    }
                    FreeTo::Pcp => {
                        self.work.pcp_lock += 1;
                        self.zone.pcp.list.push_front(*pfn);
                        self.zone.pcp.note_free();
                    }
                    FreeTo::Buddy => {
                        self.work.zone_lock += 1;
                        *merges = self.zone.buddy.free(*pfn, 0).steps;
                    }
                }
            }
            EventKind::CompoundTry { .. } => {}
            EventKind::TakeCompound { pfn, order, splits } => {
                self.work.zone_lock += 1;
                let op = self
                    .zone
                    .buddy
                    .take(*order)
                    .expect("compound take from an empty buddy");
                (*pfn, *splits) = (op.pfn, op.steps);
                self.zone.stats.pgalloc += 1 << *order;
                self.task_mut(t).stats.from_bulk += 1 << *order;
                self.add_bvec(t, *pfn, *order);
            }
            EventKind::FreeCompound { pfn, order, merges } => {
                self.work.zone_lock += 1;
                let bio = self
                    .task_mut(t)
                    .bio
                    .as_mut()
                    .expect("free of a missing bio");
                let v = *bio.next_to_walk().expect("free of a missing folio");
                bio.walked += 1;
                (*pfn, *order) = (v.page, v.order);
                self.zone.stats.pgfree += 1 << v.order;
                *merges = self.zone.buddy.free(v.page, v.order).steps;
            }
            EventKind::PcpDrain { n, merges } => {
                *merges = self.drain_pcp(*n, self.zone.pcp.drain_holds(*n))
            }
            EventKind::BioAlloc { nr_iovecs } => {
                // An earlier bio's pages stay with the task (as if that bio were in flight).
                let task = self.task_mut(t);
                if let Some(old) = task.bio.take() {
                    task.held.extend(old.live().iter().flat_map(|v| v.frames()));
                }
                task.bio = Some(Bio::new(*nr_iovecs));
            }
            EventKind::BvecAdd { pfn, from, pos } => {
                *pfn = self.take_back(t, *from, *pos);
                self.add_bvec(t, *pfn, 0);
            }
            EventKind::BioDrop => self.task_mut(t).bio = None,
            EventKind::ClientCount { delta } => {
                if let Some(pool) = self.pool.as_mut() {
                    pool.n_allocated = pool.n_allocated.saturating_add_signed(*delta as i64);
                }
            }
            EventKind::MutexLock { acquired } => {
                *acquired = self.mutex.owner.is_none();
                if *acquired {
                    self.mutex.owner = Some(t);
                    self.task_mut(t).holds_mutex = true;
                } else {
                    self.mutex.waiters.push_back(t);
                    self.task_mut(t).state = TaskState::BlockedOnMutex;
                    self.runq.retain(|&x| x != t);
                }
            }
            EventKind::MutexUnlock { handoff } => {
                self.task_mut(t).holds_mutex = false;
                *handoff = self.mutex.waiters.pop_front();
                self.mutex.owner = *handoff;
                if let Some(next) = *handoff {
                    self.task_mut(next).holds_mutex = true;
                    self.make_runnable(next);
                }
            }
            EventKind::KswapdReclaim { freed, at_ms } => {
                self.now_ms = self.now_ms.max(*at_ms);
                // kswapd reclaims until the zone is balanced: free > high, strictly.
                let k = &self.zone.kswapd;
                let below =
                    (self.zone.wmark.high + 1).saturating_sub(self.zone.buddy.nr_free_pages());
                let want = (k.rate as u64).min(below.max(1)) as usize;
                let pages = self.zone.reclaim.take(want, true);
                *freed = pages.len() as u32;
                self.zone.kswapd.reclaimed += pages.len() as u64;
                self.zone.stats.pgfree += pages.len() as u64;
                for p in pages {
                    self.zone.buddy.free(p, 0);
                }
            }
            EventKind::KswapdSleep { .. } => self.zone.kswapd.awake = false,
            EventKind::PcpContention { locked } => self.zone.pcp.locked_by_other = *locked,
            EventKind::KernelWarning { warning } => self.warned.push(*warning),
            EventKind::Switch { .. } => {
                if let Some(front) = self.runq.pop_front() {
                    self.runq.push_back(front);
                }
            }
            EventKind::Resize { new_min } => {
                if let Some(pool) = self.pool.as_mut() {
                    pool.min_nr = *new_min;
                }
            }
        }
    }
}
