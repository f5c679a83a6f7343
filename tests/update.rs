//! `rates update` against a server this test starts on 127.0.0.1: never the
//! internet. A newer history becomes the default table; a bad or older one
//! leaves the table in use as it was.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Serves `body` to every request, in a thread, until the test ends.
fn serve(body: Vec<u8>, status: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0_u8; 4096];
            let _ = stream.read(&mut request);
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    format!("http://127.0.0.1:{port}/eurofxref-hist")
}

fn dealcalc(data: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dealcalc"))
        .args(args)
        .env("XDG_DATA_HOME", data)
        .env_remove("DEALCALC_RATES")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The shipped ECB CSV with one newer day on top: 2026-11-26, USD 1.2000.
fn newer_csv() -> String {
    let csv = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/ecb/eurofxref-hist.csv"),
    )
    .unwrap();
    let (header, rest) = csv.split_once('\n').unwrap();
    let latest = rest.lines().next().unwrap();
    let (_, values) = latest.split_once(',').unwrap();
    let (_, after_usd) = values.split_once(',').unwrap();
    format!("{header}\n2026-11-26,1.2000,{after_usd}\n{rest}")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dealcalc-update-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_newer_history_becomes_the_default() {
    let data = scratch("csv");
    let convert = [
        "convert",
        "$12",
        "--to",
        "EUR",
        "--on",
        "2026-11-26",
        "--format",
        "json",
    ];
    // Before: 2026-11-26 is past the built-in table's end.
    let (_, out, _) = dealcalc(&data, &convert);
    assert!(out.contains("\"latest_available\": true"), "{out}");
    let url = serve(newer_csv().into_bytes(), "200 OK");
    let (code, out, err) = dealcalc(&data, &["rates", "update", "--url", &url]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("to 2026-11-26"), "{out}");
    assert!(data.join("dealcalc/ecb.toml").exists());
    // After: the new date, no flag needed; 12 / 1.2 = 10.
    let (code, out, err) = dealcalc(&data, &convert);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"amount\": \"10.00\""), "{out}");
    assert!(out.contains("\"rate_date\": \"2026-11-26\""), "{out}");
    assert!(out.contains("\"latest_available\": false"), "{out}");
    let (_, info, _) = dealcalc(&data, &["rates", "info"]);
    assert!(
        info.starts_with(&format!(
            "table   {}",
            data.join("dealcalc/ecb.toml").display()
        )),
        "{info}"
    );
    std::fs::remove_dir_all(&data).unwrap();
}

/// The zip as the ECB publishes it.
#[test]
fn the_zip_as_published() {
    let data = scratch("zip");
    let mut zipped = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut zipped));
        zip.start_file(
            "eurofxref-hist.csv",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(newer_csv().as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    // `rates import-ecb` reads the same zip from a file.
    let file = data.join("eurofxref-hist.zip");
    std::fs::write(&file, &zipped).unwrap();
    let (code, toml, err) = dealcalc(&data, &["rates", "import-ecb", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let day = toml
        .split("[rates.2026-11-26]\n")
        .nth(1)
        .unwrap_or_default();
    let day = day.split("[rates.").next().unwrap_or_default();
    assert!(day.contains("USD = \"1.2000\""), "{day}");
    let url = serve(zipped, "200 OK");
    let (code, out, err) = dealcalc(&data, &["rates", "update", "--url", &url]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("to 2026-11-26"), "{out}");
    std::fs::remove_dir_all(&data).unwrap();
}

/// A failed download, a broken file or an older history: exit 2, and the
/// table in use is untouched.
#[test]
fn a_bad_update_leaves_the_table_in_use() {
    let data = scratch("bad");
    let good = serve(newer_csv().into_bytes(), "200 OK");
    assert_eq!(dealcalc(&data, &["rates", "update", "--url", &good]).0, 0);
    let kept = std::fs::read(data.join("dealcalc/ecb.toml")).unwrap();
    let csv = newer_csv();
    let older: String = csv.lines().skip(40).collect::<Vec<_>>().join("\n");
    let older = format!("{}\n{older}\n", csv.lines().next().unwrap());
    for (body, status) in [
        (b"not found".to_vec(), "404 Not Found"),
        (b"Date,USD\n2026-11-27,oops\n".to_vec(), "200 OK"),
        (older.into_bytes(), "200 OK"),
        (csv.as_bytes()[..csv.len() / 2].to_vec(), "200 OK"),
    ] {
        let url = serve(body, status);
        let (code, _, err) = dealcalc(&data, &["rates", "update", "--url", &url]);
        assert_eq!(code, 2, "{status}: {err}");
        assert_eq!(std::fs::read(data.join("dealcalc/ecb.toml")).unwrap(), kept);
    }
    std::fs::remove_dir_all(&data).unwrap();
}

/// `--rates builtin` layers a user's table on the built-in history: an AED
/// table the ECB does not publish, on top of every ECB currency.
#[test]
fn a_users_table_layers_on_the_builtin_one() {
    let data = scratch("layer");
    let aed = data.join("aed.toml");
    // 1 EUR = 4.30 AED on 2025-07-08 (a user's own figure).
    std::fs::write(
        &aed,
        "base = \"EUR\"\nsource = \"my AED rates\"\n[rates.2025-07-08]\nAED = \"4.30\"\n",
    )
    .unwrap();
    let args = [
        "convert",
        "100 AED",
        "--to",
        "USD",
        "--on",
        "2025-07-08",
        "--format",
        "json",
    ];
    let mut with = args.to_vec();
    with.extend(["--rates", "builtin", "--rates", aed.to_str().unwrap()]);
    let (code, out, err) = dealcalc(&data, &with);
    assert_eq!(code, 0, "{err}");
    // 100 x 1.1718 / 4.30 = 27.2511...
    assert!(out.contains("\"amount\": \"27.25\""), "{out}");
    // The same through DEALCALC_RATES.
    let out = Command::new(env!("CARGO_BIN_EXE_dealcalc"))
        .args(args)
        .env("XDG_DATA_HOME", &data)
        .env("DEALCALC_RATES", format!("builtin:{}", aed.display()))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"amount\": \"27.25\""));
    std::fs::remove_dir_all(&data).unwrap();
}

/// The shipped CSV with one past rate rewritten: 2025-07-08's USD 1.1718
/// as 1.5 (a mirror that rewrites history), and the newer day on top.
fn revised_csv() -> String {
    newer_csv().replace("\n2025-07-08,1.1718,", "\n2025-07-08,1.5,")
}

/// `--rates builtin` is always the table shipped in the binary, even after
/// an update; `--rates fetched` is the fetched one.
#[test]
fn builtin_is_the_shipped_table_and_fetched_the_fetched_one() {
    let data = scratch("names");
    let url = serve(newer_csv().into_bytes(), "200 OK");
    assert_eq!(dealcalc(&data, &["rates", "update", "--url", &url]).0, 0);
    let convert = |rates: &str| {
        let (code, out, err) = dealcalc(
            &data,
            &[
                "convert",
                "$12",
                "--to",
                "EUR",
                "--on",
                "2026-11-26",
                "--format",
                "json",
                "--rates",
                rates,
            ],
        );
        assert_eq!(code, 0, "{err}");
        out
    };
    // The shipped table ends on 2026-10-30: its latest rate, flagged.
    let shipped = convert("builtin");
    assert!(shipped.contains("\"latest_available\": true"), "{shipped}");
    assert!(
        shipped.contains("\"rate_date\": \"2026-10-30\""),
        "{shipped}"
    );
    // 12 / 1.2 = 10.
    let fetched = convert("fetched");
    assert!(fetched.contains("\"amount\": \"10.00\""), "{fetched}");
    std::fs::remove_dir_all(&data).unwrap();
}

/// A history that rewrites a past rate is refused, naming it; with
/// `--accept-revisions` it is kept and listed; `--rollback` puts the
/// table it replaced back.
#[test]
fn revisions_are_refused_unless_accepted_and_rollback_restores() {
    let data = scratch("revise");
    let good = serve(newer_csv().into_bytes(), "200 OK");
    assert_eq!(dealcalc(&data, &["rates", "update", "--url", &good]).0, 0);
    let kept = std::fs::read(data.join("dealcalc/ecb.toml")).unwrap();
    let url = serve(revised_csv().into_bytes(), "200 OK");
    let (code, _, err) = dealcalc(&data, &["rates", "update", "--url", &url]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("it changes or drops 1 past rate of the table in use")
            && err.contains("2025-07-08 USD 1.1718 -> 1.5"),
        "{err}"
    );
    assert_eq!(std::fs::read(data.join("dealcalc/ecb.toml")).unwrap(), kept);
    let (code, out, err) = dealcalc(
        &data,
        &["rates", "update", "--url", &url, "--accept-revisions"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("accepted 1 revised past rate:\n  2025-07-08 USD 1.1718 -> 1.5"),
        "{out}"
    );
    let rate = |data: &Path| {
        let (_, out, _) = dealcalc(
            data,
            &[
                "convert",
                "1 EUR",
                "--to",
                "USD",
                "--on",
                "2025-07-08",
                "--format",
                "json",
            ],
        );
        out
    };
    assert!(rate(&data).contains("\"rate\": \"1.5\""));
    let (code, out, err) = dealcalc(&data, &["rates", "update", "--rollback"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("rolled back"), "{out}");
    assert!(rate(&data).contains("\"rate\": \"1.1718\""));
    assert_eq!(std::fs::read(data.join("dealcalc/ecb.toml")).unwrap(), kept);
    std::fs::remove_dir_all(&data).unwrap();
}

/// Hostile histories: a row dated 9999-12-31 (every later genuine update
/// would look older), a line of 100,000 characters (quoted in part), a
/// zip that unpacks past 64 MiB. Each refused; nothing kept.
#[test]
fn hostile_histories_are_refused() {
    let data = scratch("hostile");
    let csv = newer_csv();
    let (header, rest) = csv.split_once('\n').unwrap();
    let far = format!(
        "{header}\n{}\n{rest}",
        rest.lines()
            .next()
            .unwrap()
            .replacen("2026-11-26", "9999-12-31", 1)
    );
    let url = serve(far.into_bytes(), "200 OK");
    let (code, _, err) = dealcalc(&data, &["rates", "update", "--url", &url]);
    assert_eq!(code, 2);
    assert!(
        err.contains("it has rates dated 9999-12-31, after"),
        "{err}"
    );
    let long = format!("{header}\n2026-11-26,{}\n", "9".repeat(100_000));
    let url = serve(long.into_bytes(), "200 OK");
    let (code, _, err) = dealcalc(&data, &["rates", "update", "--url", &url]);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 2 is longer than 65536 characters"),
        "{err}"
    );
    assert!(
        err.len() < 2_000,
        "the error echoes the line: {} bytes",
        err.len()
    );
    let mut zipped = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut zipped));
        zip.start_file(
            "eurofxref-hist.csv",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        let block = vec![b'9'; 1 << 20];
        for _ in 0..65 {
            zip.write_all(&block).unwrap();
        }
        zip.finish().unwrap();
    }
    let url = serve(zipped, "200 OK");
    let (code, _, err) = dealcalc(&data, &["rates", "update", "--url", &url]);
    assert_eq!(code, 2);
    assert!(err.contains("unpacks to more than 64 MiB"), "{err}");
    assert!(!data.join("dealcalc/ecb.toml").exists());
    std::fs::remove_dir_all(&data).unwrap();
}

/// A fetched table that no longer reads (a disk error, a hand edit) does
/// not leave the tool dead: the built-in table is used, with a warning.
#[test]
fn an_unreadable_fetched_table_falls_back_to_the_builtin_one() {
    let data = scratch("broken");
    std::fs::create_dir_all(data.join("dealcalc")).unwrap();
    std::fs::write(
        data.join("dealcalc/ecb.toml"),
        "base = \"EUR\"\n[rates.2025-07-08\n",
    )
    .unwrap();
    let (code, out, err) = dealcalc(
        &data,
        &["convert", "$100M", "--to", "EUR", "--on", "2025-07-08"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("100,000,000.00 USD = 85,338,795.02 EUR"),
        "{out}"
    );
    assert!(
        err.contains("warning: the table `rates update` fetched"),
        "{err}"
    );
    std::fs::remove_dir_all(&data).unwrap();
}
