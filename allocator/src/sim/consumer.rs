//! The caller's side of a call, whatever the call: the delivered pages go into the caller's
//! bio (`consume`), and pages go back one at a time or all of them (`give_back_one`,
//! `free_partial`) with `mempool_free`, `__free_page` or, for a large folio, `folio_put`.

use super::mempool::{dm_crypt_limit, free_page, mempool_free};
use super::Ctx;
use crate::model::types::Mode;
use crate::model::world::Slot;
use crate::trace::event::{EventKind, Holding, Phase};
use crate::trace::listing::Line;

/// Moves the delivered pages into the bio: take them off the list's tail (`lru_to_page`, the
/// RFC's dm-crypt), or read the array front to back.
/// Callback pages are already there: the callback called `bio_add_page` itself.
pub(crate) async fn consume(ctx: &Ctx, pages: u32, at: Line) {
    ctx.set_phase(Phase::Consumer);
    match ctx.env.mode {
        Mode::List => {
            for _ in 0..pages {
                if ctx.world().task(ctx.task).list.is_empty() {
                    break;
                }
                ctx.emit(
                    at,
                    EventKind::BvecAdd {
                        pfn: 0,
                        from: Holding::List,
                        pos: 0,
                    },
                )
                .await;
            }
        }
        Mode::Array => {
            for i in 0..pages {
                let filled = matches!(
                    ctx.world().task(ctx.task).array.get(i as usize),
                    Some(Slot::Page(_))
                );
                if filled {
                    ctx.emit(
                        at,
                        EventKind::BvecAdd {
                            pfn: 0,
                            from: Holding::Array,
                            pos: i,
                        },
                    )
                    .await;
                }
            }
        }
        Mode::Callback => {}
    }
}

/// The failure path: every page delivered so far goes back with `mempool_free`.
pub(crate) async fn free_partial(ctx: &Ctx, at: Line) {
    while give_back_one(ctx, at, true).await {}
}

/// What the task gives back next: a page (the list's tail, the first array page, the bio's next
/// bvec front to back, a held page) or a large folio of the bio.
enum Next {
    Page(Holding, u32),
    Folio(u8),
}

fn next_held(ctx: &Ctx) -> Option<Next> {
    let w = ctx.world();
    let t = w.task(ctx.task);
    if !t.list.is_empty() {
        return Some(Next::Page(Holding::List, 0));
    }
    if let Some(i) = t.array.iter().position(|s| matches!(s, Slot::Page(_))) {
        return Some(Next::Page(Holding::Array, i as u32));
    }
    if let Some(b) = t.bio.as_ref() {
        if let Some(v) = b.next_to_walk() {
            return Some(if v.order > 0 {
                Next::Folio(v.order)
            } else {
                Next::Page(Holding::Bio, b.walked)
            });
        }
    }
    (!t.held.is_empty()).then_some(Next::Page(Holding::Held, 0))
}

/// Gives back the next page the task holds, with `mempool_free` (or straight to the page
/// allocator when `to_pool` is false); a large folio always goes back with `folio_put`
/// [K6.5+]. Returns false when the task holds nothing.
pub(crate) async fn give_back_one(ctx: &Ctx, at: Line, to_pool: bool) -> bool {
    match next_held(ctx) {
        Some(Next::Folio(order)) => {
            // v6.19 crypt_free_buffer_pages: uncount the folio, then folio_put it.
            ctx.set_phase(Phase::Free);
            if dm_crypt_limit(ctx).is_some() {
                ctx.emit(
                    at,
                    EventKind::ClientCount {
                        delta: -(1i32 << order),
                    },
                )
                .await;
            }
            ctx.emit(
                at,
                EventKind::FreeCompound {
                    pfn: 0,
                    order,
                    merges: 0,
                },
            )
            .await;
            true
        }
        Some(Next::Page(from, pos)) if to_pool => {
            mempool_free(ctx, from, pos).await;
            true
        }
        Some(Next::Page(from, pos)) => {
            free_page(ctx, from, pos).await;
            true
        }
        None => false,
    }
}
