//! The catalogue of bad inputs: every file under `tests/bad/` and every
//! command line in `tests/bad/args.toml` must exit 2 with exactly the
//! message in `tests/bad/golden/` (never a panic, never a number). A
//! changed message waits beside its golden file for `tests/review-golden`.

use std::path::{Path, PathBuf};

use crate::golden::Goldens;

fn bad_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad")
}

/// Runs dealcalc in `tests/bad`, so messages show short relative paths.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = crate::bin()
        .args(args)
        .current_dir(bad_dir())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn expect_golden(goldens: &mut Goldens, name: &str, args: &[&str]) {
    let (code, stdout, stderr) = run(args);
    assert_eq!(
        code, 2,
        "{name}: dealcalc {args:?} exited {code}\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    goldens.check(&format!("tests/bad/golden/{name}.txt"), &stderr);
}

fn files(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(bad_dir().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn catalogue_of_bad_inputs() {
    let mut goldens = Goldens::default();
    let mut count = 0;
    for (dir, command) in [
        ("scenarios", &["eval"][..]),
        ("rates", &["rates", "info", "--rates"][..]),
        ("ecb", &["rates", "import-ecb"][..]),
        ("batch", &["convert", "--batch"][..]),
        ("import", &["rates", "import"][..]),
    ] {
        for file in files(dir) {
            let path = format!("{dir}/{file}");
            let mut args: Vec<&str> = command.to_vec();
            args.push(&path);
            let stem = file.rsplit_once('.').map_or(file.as_str(), |p| p.0);
            expect_golden(&mut goldens, &format!("{dir}-{stem}"), &args);
            count += 1;
        }
    }
    let cases: toml::Table =
        toml::from_str(&std::fs::read_to_string(bad_dir().join("args.toml")).unwrap()).unwrap();
    for case in cases["case"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let args: Vec<&str> = case["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        expect_golden(&mut goldens, &format!("args-{name}"), &args);
        count += 1;
    }
    goldens.assert_all_match();
    assert!(count >= 60, "only {count} bad inputs");
}

#[test]
fn a_100_mb_file_is_refused_without_reading_it_all() {
    let dir = std::env::temp_dir().join(format!("dealcalc-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.toml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap();
    let (code, _, stderr) = run(&["eval", big.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is too large (100 MiB; the limit is 64 MiB)"),
        "{stderr}"
    );
}

#[test]
fn output_is_written_whole_or_not_at_all() {
    let dir = std::env::temp_dir().join(format!("dealcalc-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out.csv");
    std::fs::write(&out, "before\n").unwrap();
    // A batch that fails on its third line leaves the old file untouched.
    let (code, _, _) = run(&[
        "convert",
        "--batch",
        "batch/bad-date.csv",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "before\n");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "a temporary file was left behind"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
