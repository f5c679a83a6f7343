//! The page in a real browser: `e2e/serve.test.mjs` drives Debian's
//! Chromium with Playwright against `dealcalc serve` on 127.0.0.1.
//!
//! It needs `/usr/bin/chromium` and `npm ci --prefix e2e`, which `.ci/run`
//! installs and then requires (`DEALCALC_E2E=require`); on a machine
//! without them the test says so on standard error and passes.

use std::path::Path;

#[test]
fn the_page_works_in_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chromium = std::env::var_os("CHROMIUM").unwrap_or_else(|| "/usr/bin/chromium".into());
    let missing: Vec<String> = [
        (Path::new(&chromium).to_path_buf(), "Debian's chromium"),
        (
            root.join("e2e/node_modules/playwright-core"),
            "`npm ci --prefix e2e`",
        ),
    ]
    .into_iter()
    .filter(|(p, _)| !p.exists())
    .map(|(_, what)| what.to_owned())
    .collect();
    if !missing.is_empty() {
        let required = std::env::var("DEALCALC_E2E").is_ok_and(|v| v == "require");
        assert!(
            !required,
            "the browser tests need {}",
            missing.join(" and ")
        );
        eprintln!(
            "browser tests skipped: they need {} (.ci/run installs them)",
            missing.join(" and ")
        );
        return;
    }
    let out = std::process::Command::new("node")
        .args(["--test", "serve.test.mjs"])
        .current_dir(root.join("e2e"))
        .env("DEALCALC_BIN", env!("CARGO_BIN_EXE_dealcalc"))
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every test in the file ran and passed.
    let tests = std::fs::read_to_string(root.join("e2e/serve.test.mjs"))
        .expect("the browser tests")
        .matches("\ntest(\"")
        .count();
    assert!(tests >= 5, "{tests} browser tests");
    assert!(report.contains(&format!("# pass {tests}\n")), "{report}");
}
