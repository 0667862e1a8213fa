//! How pages move in and out of what a task holds, and how tasks become runnable: the helpers
//! of `World::apply`, with the consumer-side work counters.

use crate::model::task::{Bvec, Slot};
use crate::model::types::TaskId;
use crate::model::world::{TaskState, World};
use crate::trace::event::{Holding, To};

use crate::model::types::PAGE_SIZE;

impl World {
    pub(crate) fn make_runnable(&mut self, t: TaskId) {
        self.task_mut(t).state = TaskState::Runnable;
        if !self.runq.contains(&t) {
            self.runq.push_back(t);
        }
    }

    /// Moves up to `n` pages from the back (cold end) of the pcp to the buddy under one
    /// zone-lock hold (`free_pcppages_bulk`); returns the merges.
    pub(crate) fn drain_pcp(&mut self, n: u32, holds: u32) -> u32 {
        self.work.zone_lock += holds as u64;
        let mut merges = 0;
        for _ in 0..n {
            match self.zone.pcp.list.pop_back() {
                Some(p) => merges += self.zone.buddy.free(p, 0).steps as u32,
                None => break,
            }
        }
        merges
    }

    pub(crate) fn deliver(&mut self, t: TaskId, pfn: u32, to: To, pos: u32) {
        match to {
            To::List => {
                self.work.list_inserts += 1;
                self.task_mut(t).list.push_front(pfn);
            }
            To::Array => {
                self.work.array_writes += 1;
                let array = &mut self.task_mut(t).array;
                let pos = pos as usize;
                if array.len() <= pos {
                    array.resize(pos + 1, Slot::Empty);
                }
                array[pos] = Slot::Page(pfn);
            }
            To::Callback => {
                self.work.callbacks += 1;
                if self
                    .task(t)
                    .bio
                    .as_ref()
                    .is_some_and(|b| (b.bvecs.len() as u32) < b.capacity)
                {
                    self.add_bvec(t, pfn, 0);
                } else {
                    self.task_mut(t).held.push(pfn);
                }
            }
            To::Held => self.task_mut(t).held.push(pfn),
            To::Pool => {
                self.work.pool_puts += 1;
                self.pool
                    .as_mut()
                    .expect("prefill of a missing pool")
                    .elements
                    .push(pfn);
            }
        }
    }

    pub(crate) fn add_bvec(&mut self, t: TaskId, pfn: u32, order: u8) {
        self.work.bvec_writes += 1;
        let bio = self
            .task_mut(t)
            .bio
            .as_mut()
            .expect("bio_add_page without a bio");
        bio.bvecs.push(Bvec {
            page: pfn,
            len: PAGE_SIZE << order,
            offset: 0,
            order,
        });
    }

    /// Removes a page from where the task keeps it, counting the consumer's work.
    pub(crate) fn take_back(&mut self, t: TaskId, from: Holding, pos: u32) -> u32 {
        match from {
            // `lru_to_page()` takes the list's tail (`head->prev`): with head insertion, pages
            // leave in the order they were added.
            Holding::List => {
                self.work.list_removes += 1;
                self.task_mut(t)
                    .list
                    .pop_back()
                    .expect("pop from an empty list")
            }
            Holding::Array => {
                self.work.array_reads += 1;
                let slot = &mut self.task_mut(t).array[pos as usize];
                match std::mem::replace(slot, Slot::Empty) {
                    Slot::Page(p) => p,
                    other => panic!("array slot {pos} holds {other:?}, not a page"),
                }
            }
            Holding::Bio => {
                let bio = self
                    .task_mut(t)
                    .bio
                    .as_mut()
                    .expect("walk of a missing bio");
                let v = *bio.next_to_walk().expect("walk past the end of the bio");
                bio.walked += 1;
                v.page
            }
            Holding::Held => self.task_mut(t).held.pop().expect("free with nothing held"),
            Holding::Pool => self
                .pool
                .as_mut()
                .and_then(|p| p.elements.pop())
                .expect("shrink of an empty pool"),
        }
    }
}
