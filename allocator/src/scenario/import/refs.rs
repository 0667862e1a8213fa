//! The kernel lines behind the import's choices, checked by a test against the released
//! sources.

/// The kernel lines the import (`build.rs`, `migrate.rs`) and docs/IMPORT.md cite: (version, file, line, text on it).
/// `tests/import_hostile.rs` checks them against `../shared/kernel/` where it is present.
pub const KERNEL_REFS: [(&str, &str, usize, &str); 9] = [
    (
        "v6.0",
        "include/linux/mmzone.h",
        378,
        "#define min_wmark_pages(z)",
    ),
    (
        "v6.0",
        "mm/page_alloc.c",
        4060,
        "z->lowmem_reserve[highest_zoneidx]",
    ),
    (
        "v6.0",
        "mm/page_alloc.c",
        5302,
        "ac->highest_zoneidx = gfp_zone(gfp_mask)",
    ),
    (
        "v6.19",
        "mm/page_alloc.c",
        1946,
        "fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1]",
    ),
    (
        "v6.19",
        "mm/page_alloc.c",
        5925,
        "zone_managed_pages(zone) >> 12, SZ_256K / PAGE_SIZE",
    ),
    (
        "v6.19",
        "mm/page_alloc.c",
        5976,
        "total_pages = low_wmark_pages(zone)",
    ),
    (
        "v6.19",
        "drivers/md/dm-crypt.c",
        2692,
        "DM_CRYPT_MEMORY_PERCENT / 100",
    ),
    (
        "v6.19",
        "drivers/md/dm-crypt.c",
        2699,
        "pages = DM_CRYPT_MIN_PAGES_PER_CLIENT",
    ),
    (
        "v6.19",
        "drivers/md/dm-crypt.c",
        3312,
        "mempool_init(&cc->page_pool, BIO_MAX_VECS",
    ),
];
