//! The corpus's expected values are NumPy's: this runs `tests/cases/verify_numpy.py`,
//! which recomputes every `out:` line of `tests/cases/*.arr` from the case's `numpy:`
//! expression and fails on any difference. So an expected value can never silently come
//! from Arr itself.
//!
//! It needs Python 3 with NumPy (`.ci/run` installs it). Without NumPy the test is
//! skipped with a message, except under CI (`CI` set), where it fails.

use std::path::Path;
use std::process::Command;

#[test]
fn expected_values_are_numpys() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let have_numpy = Command::new("python3")
        .args(["-c", "import numpy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_numpy {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have NumPy to check the corpus (python3 -m pip install numpy)"
        );
        eprintln!("SKIPPED: python3 with NumPy not found; install NumPy to check the corpus");
        return;
    }
    let out = Command::new("python3")
        .arg(root.join("tests/cases/verify_numpy.py"))
        .current_dir(&root)
        .output()
        .expect("run verify_numpy.py");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "verify_numpy.py failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(" passed, 0 failed"),
        "unexpected summary:\n{stdout}"
    );
}
