//! Every file in `scenarios/` is evaluated against golden output, verdicts
//! and exit codes included, so the examples can never rot. A changed output
//! waits beside its golden file for `tests/review-golden`.

use std::path::{Path, PathBuf};

use crate::cli::dealcalc;
use crate::golden::Goldens;

fn scenario_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
    files.sort();
    files
}

#[test]
fn every_scenario_matches_its_golden_output() {
    let mut goldens = Goldens::default();
    let files = scenario_files();
    assert!(files.len() >= 6, "{files:?}");
    for file in files {
        let stem = file.file_stem().unwrap().to_str().unwrap().to_owned();
        // Relative, as a user types it (dealcalc runs in the project), so
        // the output names the file the same on every machine.
        let relative = format!("scenarios/{stem}.toml");
        let path = relative.as_str();
        for (suffix, args) in [
            ("eval.txt", vec!["eval", path]),
            ("eval.json", vec!["eval", path, "--format", "json"]),
            ("eval.md", vec!["eval", path, "--format", "markdown"]),
            ("eval.svg", vec!["eval", path, "--format", "svg"]),
        ] {
            let out = dealcalc(&args);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8(out.stdout).unwrap();
            if suffix.ends_with("svg") {
                roxmltree::Document::parse(&text)
                    .unwrap_or_else(|e| panic!("{stem}: invalid SVG: {e}"));
            }
            goldens.check(&format!("tests/golden/{stem}.{suffix}"), &text);
        }
        for (suffix, format) in [("check.txt", "text"), ("check.csv", "csv")] {
            let check = dealcalc(&["check", path, "--format", format]);
            let text = String::from_utf8(check.stdout).unwrap();
            let code = check.status.code().unwrap();
            goldens.check(
                &format!("tests/golden/{stem}.{suffix}"),
                &format!("exit {code}\n{text}"),
            );
        }
    }
    goldens.assert_all_match();
}

#[test]
fn every_scenario_is_sourced() {
    for file in scenario_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let doc: toml::Table = toml::from_str(&text).unwrap();
        assert!(
            doc.get("source").is_some(),
            "{} has no source",
            file.display()
        );
        let claims = doc
            .get("claims")
            .and_then(|c| c.as_array())
            .cloned()
            .unwrap_or_default();
        assert!(!claims.is_empty(), "{} has no claims", file.display());
        for c in claims {
            assert!(
                c.get("text").is_some() && c.get("source").is_some(),
                "{}: claim without text or source: {c}",
                file.display()
            );
        }
    }
}

/// Every field the parser accepts, at every level, is in the reference
/// (docs/scenario-format.md): an unknown field's error lists the allowed
/// ones, and each must have its row.
#[test]
fn the_reference_names_every_field() {
    let reference = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scenario-format.md"),
    )
    .unwrap();
    let levels = [
        "zzz = 1\n",
        "[offers.o]\nstart = 2025-01-01\nzzz = 1\n",
        "[offers.o]\nstart = 2025-01-01\n[[offers.o.pay]]\nkind = \"salary\"\nzzz = 1\n",
        "[offers.o]\nstart = 2025-01-01\n[[offers.o.pay]]\nkind = \"equity\"\nrefresh = { zzz = 1 }\n",
        "[offers.o]\nstart = 2025-01-01\n[[offers.o.pay]]\nkind = \"equity\"\n[[offers.o.pay.tranches]]\nzzz = 1\n",
        "[deals.d]\nzzz = 1\n",
        "[[claims]]\nzzz = 1\n",
        "[companies.c]\nzzz = 1\n",
        "[companies.c]\n[[companies.c.events]]\nzzz = 1\n",
        "[companies.c]\n[[companies.c.exits]]\nzzz = 1\n",
    ];
    let mut fields = 0;
    for text in levels {
        let input = dealcalc::Input::new("t.toml", text);
        let message = dealcalc::scenario::Document::parse(&input)
            .unwrap_err()
            .message();
        let expected = message
            .split("expected one of ")
            .nth(1)
            .or_else(|| message.split("expected ").nth(1))
            .unwrap_or_else(|| panic!("{message}"));
        for field in expected.split(", ").flat_map(|f| f.split(" or ")) {
            let field = field.trim_matches('`');
            let documented = reference.contains(&format!("| `{field}` |"))
                || reference.contains(&format!("`{field}` ("));
            assert!(documented, "`{field}` is not in docs/scenario-format.md");
            fields += 1;
        }
    }
    assert!(fields >= 50, "only {fields} fields seen");
}
