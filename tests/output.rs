//! Where output goes: through links, into pipes and devices, never half a
//! file, nothing left behind on a signal or a size limit, and a write that
//! fails is an error (exit 2), not a silent success.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::PathBuf;
use std::process::{Command, Stdio};

const ARGS: [&str; 6] = ["convert", "$100M", "--to", "EUR", "--on", "2025-07-08"];
const RESULT: &str = "100,000,000.00 USD = 85,338,795.02 EUR";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dealcalc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn dealcalc() -> Command {
    let mut c = crate::bin();
    c.env("NO_COLOR", "1");
    c
}

/// Files in `dir` whose names end in `.tmp`.
fn leftovers(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_link_is_written_through_and_the_target_keeps_its_mode() {
    let dir = scratch("link");
    let real = dir.join("real.txt");
    std::fs::write(&real, "before\n").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.join("link.txt");
    std::os::unix::fs::symlink("real.txt", &link).unwrap();
    let status = dealcalc()
        .args(ARGS)
        .args(["--output", link.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read_to_string(&real).unwrap().starts_with(RESULT));
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(leftovers(&dir).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_fifo_is_written_into_not_replaced() {
    let dir = scratch("fifo");
    let fifo = dir.join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let status = dealcalc()
        .args(ARGS)
        .args(["--output", fifo.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(reader.join().unwrap().starts_with(RESULT));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A device node (made here, as root, rather than risking /dev/null) is
/// written into and stays a device.
#[test]
fn a_device_is_written_into_not_replaced() {
    let dir = scratch("device");
    let null = dir.join("null");
    let made = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        // Not root: nothing to make a device with; /dev/null stands in,
        // written through and checked to stay a device.
        let status = dealcalc()
            .args(ARGS)
            .args(["--output", "/dev/null"])
            .status()
            .unwrap();
        assert!(status.success());
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
        return;
    }
    let status = dealcalc()
        .args(ARGS)
        .args(["--output", null.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        std::fs::metadata(&null)
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(leftovers(&dir).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// SIGTERM while a batch is being written: the target stays as it was and
/// the temporary file goes.
#[test]
fn a_signal_leaves_no_temporary_file() {
    for signal in ["TERM", "INT", "HUP"] {
        let dir = scratch(&format!("signal-{signal}"));
        let out = dir.join("out.csv");
        std::fs::write(&out, "before\n").unwrap();
        let mut child = dealcalc()
            .args(["convert", "--batch", "-", "--output", out.to_str().unwrap()])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        use std::io::Write;
        let mut rows = String::from("date,amount,from,to\n");
        for _ in 0..20_000 {
            rows.push_str("2025-07-08,100,USD,EUR\n");
        }
        stdin.write_all(rows.as_bytes()).unwrap();
        // The batch waits for more input, its temporary file open.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while leftovers(&dir).is_empty() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(leftovers(&dir).len(), 1, "{signal}: no temporary file seen");
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        drop(stdin);
        assert!(!status.success(), "{signal}");
        assert!(
            leftovers(&dir).is_empty(),
            "{signal}: {:?}",
            leftovers(&dir)
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "before\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// Past a file-size limit the write fails (instead of SIGXFSZ ending the
/// process): exit 2 with a message, nothing left behind.
#[test]
fn a_file_size_limit_is_an_error_and_leaves_nothing() {
    let dir = scratch("fsize");
    let out = dir.join("out.csv");
    let csv = dir.join("in.csv");
    let mut rows = String::from("date,amount,from,to\n");
    for _ in 0..5_000 {
        rows.push_str("2025-07-08,100,USD,EUR\n");
    }
    std::fs::write(&csv, rows).unwrap();
    let script = format!(
        "ulimit -f 8; exec {} convert --batch {} --output {}",
        env!("CARGO_BIN_EXE_dealcalc"),
        csv.display(),
        out.display()
    );
    let result = crate::hermetic(Command::new("bash").args(["-c", &script]))
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2), "{result:?}");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(leftovers(&dir).is_empty());
    assert!(!out.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Standard output on /dev/null opened for reading and writing, as
/// Python's `subprocess.DEVNULL` opens it (and as the Rust runtime reopens
/// a stdout closed with `>&-`): the output is discarded and the exit code
/// is the command's own, 1 for a failing claim, never 2 for bad input.
#[test]
fn stdout_on_dev_null_read_write_keeps_the_exit_code() {
    let bin = env!("CARGO_BIN_EXE_dealcalc");
    for (command, code) in [
        (
            format!("{bin} convert '$100M' --to EUR --on 2025-07-08 1<>/dev/null"),
            0,
        ),
        (
            format!("{bin} check scenarios/ai-talent-war-2025.toml 1<>/dev/null"),
            1,
        ),
        (
            format!("{bin} check scenarios/ai-talent-war-2025.toml >&-"),
            1,
        ),
        (format!("{bin} --help 1<>/dev/null"), 0),
    ] {
        let out = crate::hermetic(Command::new("bash").args(["-c", &command]))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{command}: {out:?}");
    }
}

/// Output sent to /dev/null on purpose is a success.
#[test]
fn output_to_dev_null_is_fine() {
    let bin = env!("CARGO_BIN_EXE_dealcalc");
    for command in [
        format!("{bin} convert '$100M' --to EUR --on 2025-07-08 > /dev/null"),
        format!("{bin} --help > /dev/null"),
    ] {
        let out = Command::new("bash")
            .args(["-c", &command])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}: {out:?}");
    }
}

/// Help into a full disk is a failure too.
#[test]
fn help_into_a_full_device_is_an_error() {
    let full = std::path::Path::new("/dev/full");
    if !full.exists() {
        return;
    }
    let out = dealcalc()
        .arg("--help")
        .stdout(std::fs::File::create(full).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the help"));
}

/// `eval` over several files draws each under its own name and title, in
/// the reader's numbers (`--lang fr`), and marks where `leave_on` falls.
#[test]
fn svg_per_file_titles_french_axes_and_leaving() {
    let out = crate::cli::dealcalc(&[
        "eval",
        "scenarios/ai-talent-war-2025.toml",
        "scenarios/openai-2025-03.toml",
        "--format",
        "svg",
        "--lang",
        "fr",
    ]);
    let svg = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("valid XML");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert!(
        texts.contains(&"ai-talent-war-2025.toml: Meta's superintelligence hiring, June-July 2025")
    );
    assert!(texts.contains(
        &"openai-2025-03.toml: OpenAI raises $40 billion at a $300 billion post-money valuation"
    ));
    // Axes and deviations as a French reader writes them.
    assert!(texts.contains(&"300\u{202f}M"), "{texts:?}");
    assert!(texts.contains(&"HOLDS +0,6334\u{202f}%"), "{texts:?}");
    // The package leaves on 2026-12-31: kept the first year's $25M.
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        titles.contains(&"leaving on 2026-12-31: kept 25\u{202f}000\u{202f}000,00 USD, forfeited 75\u{202f}000\u{202f}000,00 USD"),
        "{titles:?}"
    );
}

/// A large batch shows its progress on a terminal, and nowhere else: not
/// into a pipe, not with `--quiet`, not in CI. The terminal is `script`'s
/// (util-linux), which runs the command on a pseudo-terminal and records
/// what it draws.
#[test]
fn progress_is_drawn_on_a_terminal_only() {
    let dir = scratch("progress");
    let input = dir.join("big.csv");
    let mut rows = String::from("date,amount,from,to\n");
    // 1.3 MB: past the mebibyte below which a batch ends too soon to show.
    rows.push_str(&"2024-05-06,123.45,USD,EUR\n".repeat(50_000));
    std::fs::write(&input, rows).unwrap();
    let out = dir.join("out.csv");
    let command = |quiet: &str| {
        format!(
            "{} convert --batch {} -o {} {quiet}",
            env!("CARGO_BIN_EXE_dealcalc"),
            input.display(),
            out.display()
        )
    };
    let on_terminal = |quiet: &str, ci: bool| {
        let record = dir.join("typescript");
        let mut c = std::process::Command::new("script");
        c.args(["-qfec", &command(quiet)]).arg(&record);
        crate::hermetic(&mut c);
        if ci {
            c.env("CI", "true");
        } else {
            c.env_remove("CI");
        }
        let status = c.output().unwrap().status;
        assert!(status.success(), "{status}");
        std::fs::read_to_string(&record).unwrap()
    };
    let drawn = on_terminal("", false);
    assert!(drawn.contains("MiB read"), "{drawn:.400}");
    assert!(drawn.contains("left"), "{drawn:.400}");
    assert!(!on_terminal("--quiet", false).contains("read,"));
    assert!(!on_terminal("", true).contains("read,"));
    // Into a pipe: nothing on standard error at all.
    let piped = dealcalc()
        .args([
            "convert",
            "--batch",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .env_remove("CI")
        .output()
        .unwrap();
    assert!(piped.status.success());
    assert_eq!(String::from_utf8_lossy(&piped.stderr), "");
    // The rows are right: 123.45 USD at the ECB's 1.0776 of 2024-05-06 is
    // 114.5601... EUR.
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("2024-05-06,123.45,USD,EUR,114.56,"),
        "{csv:.200}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A result large enough to be synced in the background several times
/// as it is written (every 16 MB) is the file the same command writes to
/// standard output, byte for byte, with nothing left beside it.
#[test]
fn a_large_result_synced_as_it_is_written_is_whole() {
    let dir = scratch("large");
    let rows = dir.join("rows.csv");
    let mut csv = String::from("date,amount,from,to\n");
    let codes = ["USD", "JPY", "GBP", "CHF", "SEK"];
    for i in 0..300_000_u32 {
        let day = 1 + i % 28;
        let month = 1 + i % 12;
        let (from, to) = (
            codes[i as usize % 5],
            codes[(i as usize + 1 + i as usize / 5) % 5],
        );
        let to = if to == from { "EUR" } else { to };
        csv.push_str(&format!(
            "2024-{month:02}-{day:02},{}.{:02},{from},{to}\n",
            i * 7 + 1,
            i % 100
        ));
    }
    std::fs::write(&rows, csv).unwrap();
    let out = dir.join("out.csv");
    let status = dealcalc()
        .args(["convert", "--batch", rows.to_str().unwrap()])
        .args(["--output", out.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let direct = dealcalc()
        .args(["convert", "--batch", rows.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(direct.status.success());
    let written = std::fs::read(&out).unwrap();
    assert!(written.len() > 3 * (16 << 20) / 2, "{}", written.len());
    assert!(
        written == direct.stdout,
        "the file differs from standard output"
    );
    assert!(leftovers(&dir).is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}
