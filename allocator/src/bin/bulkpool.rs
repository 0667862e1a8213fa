//! The `bulkpool` command-line tool.
fn main() {
    for (gfp, name) in bulkpool_allocator::Gfp::COMPOSITES {
        println!("{name:<12} {}", gfp.flag_names().join("|"));
    }
}
