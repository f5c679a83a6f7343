//! The README and the docs show what dealcalc prints: every `console`
//! block there is a transcript, run by `trycmd` against the built binary
//! and compared line by line (`...` stands for lines left out, `? 1` for
//! the exit code). A block that cannot run here (a build, the server, a
//! file the reader downloads) is marked `console,ignore`.

#[test]
fn the_readme_and_the_docs_print_what_they_show() {
    let cases = trycmd::TestCases::new();
    cases
        .register_bin(
            "dealcalc",
            std::path::PathBuf::from(env!("CARGO_BIN_EXE_dealcalc")),
        )
        .env(
            "XDG_DATA_HOME",
            std::env::temp_dir()
                .join("dealcalc-tests-no-user-data")
                .display()
                .to_string(),
        )
        .env("NO_COLOR", "1")
        .case("README.md")
        .case("docs/*.md");
}

/// Every command's `--help` ends with examples, and the examples that need
/// no network, server or file of the reader's run as written: exit 0, or 1
/// for `check` when a claim fails, never 2.
#[test]
fn every_command_has_examples_that_run() {
    let help = |args: &[&str]| {
        let out = crate::bin().args(args).arg("--help").output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let listed = |text: &str| -> Vec<String> {
        text.split("Commands:\n")
            .nth(1)
            .unwrap_or_default()
            .lines()
            .take_while(|l| l.starts_with("  "))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|c| *c != "help")
            .map(str::to_owned)
            .collect()
    };
    let mut commands: Vec<Vec<String>> = Vec::new();
    for c in listed(&help(&[])) {
        let sub = listed(&help(&[&c]));
        if sub.is_empty() {
            commands.push(vec![c]);
        } else {
            commands.extend(sub.into_iter().map(|s| vec![c.clone(), s]));
        }
    }
    assert!(commands.len() >= 14, "{commands:?}");
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_dealcalc"))
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for command in &commands {
        let args: Vec<&str> = command.iter().map(String::as_str).collect();
        let text = help(&args);
        let examples: Vec<&str> = text
            .split_once("Example")
            .map(|(_, rest)| rest)
            .unwrap_or_else(|| panic!("`dealcalc {}` has no examples", command.join(" ")))
            .lines()
            .filter_map(|l| l.trim().strip_prefix("dealcalc "))
            .collect();
        assert!(
            !examples.is_empty(),
            "`dealcalc {}`: {text}",
            command.join(" ")
        );
        for example in examples {
            // What reaches the network or a server, writes outside the
            // tree, or reads a file the reader downloads first.
            let runnable = ![
                "serve",
                "update",
                "completions",
                "man",
                "import",
                "import-ecb",
                "import-bls",
            ]
            .contains(&command.last().unwrap().as_str())
                && !example.contains(['>', '|']);
            if !runnable {
                continue;
            }
            let out = crate::hermetic(&mut std::process::Command::new("sh"))
                .args(["-c", &format!("dealcalc {example}")])
                .env("PATH", &path)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .output()
                .unwrap();
            let code = out.status.code();
            let allowed = if command[0] == "check" || command[0] == "scan" {
                &[0, 1][..]
            } else {
                &[0][..]
            };
            assert!(
                code.is_some_and(|c| allowed.contains(&c)),
                "`dealcalc {example}` exited {code:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 10, "only {ran} examples ran");
}
