//! Where a step's code sits: `call_path`, the functions a step is nested in, for the code
//! panel's heading. The listings themselves (their titles and lines) are trace/listing.rs.

use crate::trace::listing::Listing;

/// The functions a step is nested in, outermost first: dm-crypt › the mempool or bulk call ›
/// the function of the step's listing. `world` is the state after `event`.
pub fn call_path(world: &crate::World, event: &crate::Event) -> Vec<&'static str> {
    use crate::model::world::CallKind;
    use crate::EventKind;
    let Some(task) = world.tasks.get(event.task as usize) else {
        return Vec::new();
    };
    // A call's last step (its return) still runs inside it, though the world has closed it.
    let ending = match event.kind {
        EventKind::CallEnd { call, .. } => Some(call),
        _ => None,
    };
    let mut path = Vec::new();
    if task.dm_gfp.is_some() || ending == Some(CallKind::DmCrypt) {
        path.push("crypt_alloc_buffer");
    }
    let open = task.call.filter(|c| c.open).map(|c| c.kind);
    let outer = match ending.or(open) {
        Some(CallKind::MempoolBulk) => Some("mempool_alloc_pages_bulk"),
        Some(CallKind::MainlineBulk) => Some("mempool_alloc_bulk"),
        Some(CallKind::MempoolAlloc) => Some("mempool_alloc"),
        Some(CallKind::PlainBulk) => Some("__alloc_pages_bulk"),
        Some(CallKind::MempoolInit) => Some("mempool_init_node"),
        Some(CallKind::MempoolResize) => Some("mempool_resize"),
        Some(CallKind::DmCrypt) | None => None,
    };
    path.extend(outer);
    // Inside a page-bulk call, alloc_page runs from the bulk allocator's single-page path.
    if event.line.0 == Listing::AllocPage && outer == Some("mempool_alloc_pages_bulk") {
        path.push("__alloc_pages_bulk");
    }
    path.extend(match event.line.0 {
        Listing::BulkAlloc => Some("__alloc_pages_bulk"),
        Listing::AllocPage => Some("alloc_page"),
        Listing::MempoolFree => Some("mempool_free"),
        _ => None,
    });
    path.dedup();
    path
}
