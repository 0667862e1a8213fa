#![cfg(not(target_arch = "wasm32"))]
//! What mainline did instead (domain.md S15): dm-crypt's compound pages since v6.5, run under
//! mainline-6.19 semantics, with the invariants checked after every event.

mod common;

use bulkpool_allocator::model::world::{CallKind, CallResult};
use bulkpool_allocator::trace::event::EventKind;
use bulkpool_allocator::Mode;
use common::*;

fn compound_orders(t: &bulkpool_allocator::Trace) -> Vec<u8> {
    t.events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::TakeCompound { order, .. } => Some(order),
            _ => None,
        })
        .collect()
}

fn mempool_allocs(t: &bulkpool_allocator::Trace) -> usize {
    t.events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::CallStart {
                    call: CallKind::MempoolAlloc,
                    ..
                }
            )
        })
        .count()
}

#[test]
fn s15_one_order_8_block_fills_a_1_mib_bio_with_one_bvec() {
    let t = run("s15", Mode::List);
    assert_eq!(compound_orders(&t), vec![8], "one allocation");
    let bio = end(&t).task(0).bio.clone().unwrap();
    assert_eq!(bio.bvecs.len(), 1, "one bvec");
    assert_eq!(bio.bvecs[0].len, 256 * 4096);
    assert_eq!(mempool_allocs(&t), 0);
    let s = t.summary();
    assert_eq!(
        (s.pool.curr_nr, s.zone.pgalloc, s.tasks[0].pages),
        (8, 256, 256),
        "the reserve is untouched"
    );
    assert_eq!(s.tasks[0].result, Some(CallResult::Bool(true)));
    assert!(!s.zone.kswapd_woken);
}

#[test]
fn s15b_only_order_2_blocks_give_64_allocations_of_4_pages() {
    let t = run("s15b", Mode::List);
    let tried: Vec<u8> = picked(&t, |k| match *k {
        EventKind::CompoundTry { order, .. } => Some(order),
        _ => None,
    });
    assert_eq!(
        &tried[..7],
        &[8, 7, 6, 5, 4, 3, 2],
        "orders 8 to 3 fail, then order 2"
    );
    assert_eq!(tried.len(), 6 + 64);
    assert_eq!(compound_orders(&t), vec![2; 64]);
    assert_eq!(end(&t).task(0).bio.as_ref().unwrap().bvecs.len(), 64);
    assert_eq!(mempool_allocs(&t), 0);
    let s = t.summary();
    assert_eq!(
        (s.pool.curr_nr, s.zone.pgalloc, s.zone.buddy_free),
        (8, 256, 144)
    );
    assert!(s.zone.kswapd_woken, "each failed order wakes kswapd");
}

#[test]
fn s15c_without_order_1_blocks_every_page_is_a_mempool_alloc() {
    let t = run("s15c", Mode::List);
    assert!(compound_orders(&t).is_empty());
    assert_eq!(
        mempool_allocs(&t),
        256,
        "256 single-page mempool_alloc calls"
    );
    assert_eq!(end(&t).task(0).bio.as_ref().unwrap().bvecs.len(), 256);
    let s = t.summary();
    assert_eq!(
        (s.pool.curr_nr, s.zone.pgalloc, s.tasks[0].from_pool),
        (8, 256, 0)
    );
    assert_eq!(s.tasks[0].result, Some(CallResult::Bool(true)));
}
