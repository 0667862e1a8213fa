//! The environment switches of the tests, each with its guard: a switch that would turn a test
//! into one that cannot fail is refused where nobody reviews its effect (CI), and a case count
//! cannot be lowered below a floor without an explicit opt-out.

/// Whether the run is on a CI machine: `CI` set to anything but "", "0" or "false" (the
/// convention of the common CI services, which export `CI=true`).
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// Whether a regeneration switch such as `UPDATE_GOLDEN` is set (to any value). Panics on CI:
/// there a test that rewrites its expected output would pass whatever the output is, and no one
/// would review the diff.
pub fn update_requested(var: &str) -> bool {
    let set = std::env::var_os(var).is_some();
    assert!(
        !(set && on_ci()),
        "{var} is set on a CI machine (CI={:?}): refusing to rewrite expected output that no one \
         reviews. Regenerate locally, review the diff and commit it.",
        std::env::var("CI").unwrap_or_default()
    );
    set
}

/// The opt-out that lets a case count go below its floor, for a quick local run only.
pub const ALLOW_FEW_CASES: &str = "BULKPOOL_ALLOW_FEW_CASES";

/// The number of cases `var` asks for, `default` when unset. Panics on a value that is not a
/// number, and on one below `floor` unless `BULKPOOL_ALLOW_FEW_CASES=1` is set: `PROPTEST_CASES=0`
/// would otherwise run nothing and pass.
pub fn case_count(var: &str, default: u32, floor: u32) -> u32 {
    let Ok(text) = std::env::var(var) else {
        return default;
    };
    let n: u32 = text
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("{var}={text:?} is not a number of cases"));
    let opted_out = std::env::var(ALLOW_FEW_CASES).is_ok_and(|v| v.trim() == "1");
    assert!(
        n >= floor || opted_out,
        "{var}={n} is below the floor of {floor} cases: a run that small proves little. Set \
         {ALLOW_FEW_CASES}=1 as well to run it anyway (a quick local check, never CI)."
    );
    assert!(
        !(opted_out && n < floor && on_ci()),
        "{ALLOW_FEW_CASES} is set on a CI machine: CI runs at least {floor} cases"
    );
    n
}

/// Fails unless this test binary was built with debug assertions, the proxy for overflow checks
/// (`cfg(overflow_checks)` is unstable; Cargo turns both on in its dev and test profiles and
/// off in release, and this workspace's `fuzz` profile turns both on). A test that promises
/// "never a panic" on arithmetic at the extremes would otherwise pass on a wrapped number.
pub fn require_overflow_checks(test: &str) {
    if !cfg!(debug_assertions) {
        panic!(
            "{test} needs overflow checks, which this build turns off (`cargo test --release`?): \
             run it in the default test profile, or with `--profile fuzz` for release speed"
        );
    }
}
