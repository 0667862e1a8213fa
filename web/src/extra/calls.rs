//! The functions of the second module the player calls (`crate::lazy::call`): JSON in, a
//! string out, or why not.

/// Runs function `name` with `args` (JSON).
pub fn call(name: &str, _args: &str) -> Result<String, String> {
    Err(format!("no function named {name:?}"))
}
