//! What errcat reads without being told to, attacked as a second user on a
//! shared machine would: a cache directory or entry another user wrote, a
//! `.errcat.toml` planted above the working directory, devices and FIFOs
//! where files are expected, a file that changes while it is read.
//!
//! The tests of two users run as root, with `nobody` (through `setpriv`) as
//! the other user; they print why and pass when not run as root.

use std::os::unix::fs::{PermissionsExt as _, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A valid catalogue of `rows` rows, large enough to be cached.
fn catalogue(rows: usize, wording: &str) -> String {
    let mut text = String::from("[catalogue]\nname = \"Big API\"\nid = \"big\"\n");
    for row in 0..rows {
        text.push_str(&format!(
            "\n[[errors]]\nstatus = 400\nerror = \"ERROR_{}\"\ncode = \"BIG-{row:05}\"\ndescription = \"{wording} {row}\"\nscenario = \"Request {row} received in a synthetic scenario, described at length to make the file large\"\n",
            row % 40,
        ));
    }
    text
}

/// A directory of the test's, that every user may enter and read.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let path = std::env::temp_dir().join(format!("errcat-trust-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        chmod(&path, 0o755);
        Dir(path)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// A directory everyone may write, sticky as `/tmp`.
    fn shared(&self, name: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::create_dir_all(&path).unwrap();
        chmod(&path, 0o1777);
        path
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        chmod(&path, 0o644);
        path
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Whether the tests of two users can run: as root, with `setpriv`.
fn two_users(test: &str) -> bool {
    let root = rustix_free_euid() == 0;
    let setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    if !root || !setpriv {
        println!(
            "skipped {test}: it needs root (to act as `nobody` too) and setpriv; running as uid {}, setpriv {}",
            rustix_free_euid(),
            if setpriv { "present" } else { "missing" }
        );
        return false;
    }
    true
}

/// The effective user id, as the owner of a file just made: found once,
/// as the tests run on several threads.
fn rustix_free_euid() -> u32 {
    use std::os::unix::fs::MetadataExt as _;
    static UID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *UID.get_or_init(|| {
        let probe = std::env::temp_dir().join(format!("errcat-trust-uid-{}", std::process::id()));
        std::fs::write(&probe, "").unwrap();
        let uid = std::fs::metadata(&probe).unwrap().uid();
        std::fs::remove_file(&probe).unwrap();
        uid
    })
}

/// The errcat binary, copied once where every user may run it (the tests'
/// own directory may be one that `nobody` cannot enter).
fn binary(_dir: &Dir) -> PathBuf {
    static COPY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    COPY.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("errcat-trust-bin-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        chmod(&dir, 0o755);
        let copy = dir.join("errcat");
        std::fs::copy(env!("CARGO_BIN_EXE_errcat"), &copy).unwrap();
        chmod(&copy, 0o755);
        copy
    })
    .clone()
}

/// errcat as the user running the tests, in `cwd`, with `env`.
fn errcat(dir: &Dir, cwd: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(binary(dir));
    command.args(args).current_dir(cwd);
    run(&mut command, env)
}

/// errcat as `nobody`.
fn errcat_as_nobody(dir: &Dir, cwd: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new("setpriv");
    command
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(binary(dir))
        .args(args)
        .current_dir(cwd);
    run(&mut command, env)
}

/// Runs `command` with a clean environment but `env`, killed after 20 s.
fn run(command: &mut Command, env: &[(&str, &str)]) -> Output {
    command
        .env_remove("ERRCAT_CATALOGUES")
        .env_remove("ERRCAT_CACHE_DIR")
        .env_remove("XDG_CACHE_HOME")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // A test thread that forks while the binary is being copied holds it
    // open for a moment ("text file busy"): such a start is tried again.
    for _ in 0..50 {
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(error) if error.raw_os_error() == Some(26) => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            Err(error) => panic!("{command:?}: {error}"),
        };
        let started = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > Duration::from_secs(20) {
                child.kill().unwrap();
                panic!("errcat hung: {command:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let output = child.wait_with_output().unwrap();
        if output.status.code() == Some(126) && text(&output.stderr).contains("Text file busy") {
            std::thread::sleep(Duration::from_millis(20));
            continue;
        }
        return output;
    }
    panic!("{command:?}: the binary stayed busy");
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(cache)
        .map(|listing| {
            listing
                .map(|entry| entry.unwrap().path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "bin"))
                .collect()
        })
        .unwrap_or_default();
    entries.sort();
    entries
}

/// Replaces every `from` of `bytes` by `to`, of the same length.
fn replace(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = bytes.to_vec();
    let mut at = 0;
    while let Some(found) = out[at..].windows(from.len()).position(|w| w == from) {
        out[at + found..at + found + from.len()].copy_from_slice(to);
        at += found + from.len();
    }
    out
}

/// One user fills a shared cache and rewrites its entry (the status, the
/// description, an escape in the scenario); another user running the same
/// command with the same cache sees the real row, and is told the cache is
/// not used.
#[test]
fn a_cache_another_user_wrote_is_never_read() {
    if !two_users("a_cache_another_user_wrote_is_never_read") {
        return;
    }
    let dir = Dir::new("poison");
    let file = dir.write("errors.toml", &catalogue(2000, "Generated error"));
    let file = file.to_str().unwrap();
    let shared = dir.shared("shared");
    let cache = shared.join("cache");
    let cache = cache.to_str().unwrap();
    let args = ["--catalogue", file, "explain", "BIG-00005"];
    let env = [("ERRCAT_CACHE_DIR", cache)];

    let attacker = errcat_as_nobody(&dir, &dir.0, &env, &args);
    assert_eq!(
        attacker.status.code(),
        Some(0),
        "{}",
        text(&attacker.stderr)
    );
    let planted = entries(Path::new(cache));
    assert_eq!(
        planted.len(),
        1,
        "the other user's own cache works for them"
    );
    let bytes = std::fs::read(&planted[0]).unwrap();
    let forged = replace(
        &bytes,
        b"\x11\0\0\0Generated error 5",
        b"\x11\0\0\0PLANTED!! error 5",
    );
    let forged = replace(&forged, b"Request 5 ", b"\x1b]0;x\x07\x1b[2J");
    std::fs::write(&planted[0], forged).unwrap();

    let expected = errcat(&dir, &dir.0, &[("ERRCAT_CACHE_DIR", "off")], &args);
    let victim = errcat(&dir, &dir.0, &env, &args);
    assert_eq!(text(&victim.stdout), text(&expected.stdout));
    assert!(text(&victim.stdout).contains("  status       400 Bad Request\n"));
    assert!(!text(&victim.stdout).contains("PLANTED"));
    assert!(
        text(&victim.stderr).contains("is owned by another user (uid 65534): it is not used"),
        "{}",
        text(&victim.stderr)
    );
}

/// A cache directory that other users may write is not used at all: the
/// files planted in it (links named as temporary files, pointing at the
/// user's own files) are never written through, and nothing is left there.
#[test]
fn a_cache_directory_others_may_write_is_not_written() {
    if !two_users("a_cache_directory_others_may_write_is_not_written") {
        return;
    }
    let dir = Dir::new("links");
    let file = dir.write("errors.toml", &catalogue(2000, "Generated error"));
    let private = dir.path("private");
    std::fs::create_dir_all(&private).unwrap();
    chmod(&private, 0o700);
    let keys = private.join("authorized_keys");
    std::fs::write(&keys, "ssh-ed25519 AAAA the real key\n").unwrap();
    let shared = dir.shared("shared");
    // As the other user: a link for each name a temporary file could take.
    for name in (0..64)
        .map(|n| format!(".{n}.0"))
        .chain([".key.tmp".to_owned(), "key".to_owned()])
    {
        let planted = Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--",
                "ln",
                "-s",
            ])
            .arg(&keys)
            .arg(shared.join(name))
            .status()
            .unwrap();
        assert!(planted.success());
    }
    let output = errcat(
        &dir,
        &dir.0,
        &[("ERRCAT_CACHE_DIR", shared.to_str().unwrap())],
        &[
            "--catalogue",
            file.to_str().unwrap(),
            "explain",
            "BIG-00005",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("is writable by other users (mode 1777): it is not used"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&keys).unwrap(),
        "ssh-ed25519 AAAA the real key\n"
    );
    assert!(entries(&shared).is_empty());
}

/// An entry that parses but was not written by this user's errcat (its row
/// rewritten in place, its status made 65535, or another file's entry under
/// this one's name) is a miss: the file is validated again.
#[test]
fn a_forged_entry_is_a_miss() {
    let dir = Dir::new("forged");
    let file = dir.write("errors.toml", &catalogue(2000, "Generated error"));
    let other = dir.write("other.toml", &catalogue(2000, "Different error"));
    let cache = dir.path("cache");
    let env = [("ERRCAT_CACHE_DIR", cache.to_str().unwrap())];
    let args = [
        "--catalogue",
        file.to_str().unwrap(),
        "explain",
        "BIG-00005",
    ];
    let expected = errcat(&dir, &dir.0, &[("ERRCAT_CACHE_DIR", "off")], &args);
    assert_eq!(errcat(&dir, &dir.0, &env, &args).stdout, expected.stdout);
    let entry = entries(&cache).remove(0);
    let bytes = std::fs::read(&entry).unwrap();
    let status_400 = 400u32.to_le_bytes();
    let mut forgeries = vec![
        replace(
            &bytes,
            b"\x11\0\0\0Generated error 5",
            b"\x11\0\0\0PLANTED!! error 5",
        ),
        replace(&bytes, &status_400, &200u32.to_le_bytes()),
        replace(&bytes, &status_400, &65535u32.to_le_bytes()),
    ];
    // The other file's entry, under this file's name.
    let other_args = [
        "--catalogue",
        other.to_str().unwrap(),
        "explain",
        "BIG-00005",
    ];
    errcat(&dir, &dir.0, &env, &other_args);
    let other_entry = entries(&cache)
        .into_iter()
        .find(|path| *path != entry)
        .unwrap();
    forgeries.push(std::fs::read(&other_entry).unwrap());
    for (nth, forged) in forgeries.into_iter().enumerate() {
        assert!(forged != bytes, "forgery {nth} changed nothing");
        std::fs::write(&entry, &forged).unwrap();
        let output = errcat(&dir, &dir.0, &env, &args);
        assert_eq!(text(&output.stdout), text(&expected.stdout));
    }
}

/// An entry replaced by a link to `/dev/zero`, or by a FIFO, is a miss at
/// once: not read without end, not waited on.
#[test]
fn an_entry_that_is_a_device_or_a_fifo_is_a_miss() {
    let dir = Dir::new("devices");
    let file = dir.write("errors.toml", &catalogue(2000, "Generated error"));
    let cache = dir.path("cache");
    let env = [("ERRCAT_CACHE_DIR", cache.to_str().unwrap())];
    let args = [
        "--catalogue",
        file.to_str().unwrap(),
        "explain",
        "BIG-00005",
    ];
    let expected = errcat(&dir, &dir.0, &[("ERRCAT_CACHE_DIR", "off")], &args);
    errcat(&dir, &dir.0, &env, &args);
    let entry = entries(&cache).remove(0);
    for plant in ["zero", "fifo", "regular link"] {
        std::fs::remove_file(&entry).unwrap();
        match plant {
            "zero" => symlink("/dev/zero", &entry).unwrap(),
            "fifo" => assert!(
                Command::new("mkfifo")
                    .arg(&entry)
                    .status()
                    .unwrap()
                    .success()
            ),
            _ => symlink(&file, &entry).unwrap(),
        }
        let started = Instant::now();
        let output = errcat(&dir, &dir.0, &env, &args);
        assert!(started.elapsed() < Duration::from_secs(10), "{plant}");
        assert_eq!(text(&output.stdout), text(&expected.stdout), "{plant}");
    }
}

/// The file is read once: while it is replaced, back and forth between two
/// versions, every entry written holds the version it is kept under.
#[test]
fn an_entry_holds_the_bytes_it_is_kept_under() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    let dir = Dir::new("race");
    let versions = [
        catalogue(1500, "Version A error"),
        catalogue(1500, "Version B error"),
    ];
    let file = dir.path("errors.toml");
    std::fs::write(&file, &versions[0]).unwrap();
    let cache = dir.path("cache");
    let env = [("ERRCAT_CACHE_DIR", cache.to_str().unwrap())];
    let args = [
        "--catalogue",
        file.to_str().unwrap(),
        "explain",
        "BIG-00005",
    ];
    let uncached: Vec<String> = versions
        .iter()
        .map(|version| {
            std::fs::write(&file, version).unwrap();
            text(&errcat(&dir, &dir.0, &[("ERRCAT_CACHE_DIR", "off")], &args).stdout)
        })
        .collect();
    // Held by the swapper while it replaces the file, by the test to stop it.
    let swapping = Arc::new(Mutex::new(()));
    let stop = Arc::new(AtomicBool::new(false));
    let swapper = {
        let (swapping, stop, file, versions) = (
            swapping.clone(),
            stop.clone(),
            file.clone(),
            versions.clone(),
        );
        std::thread::spawn(move || {
            let staged = file.with_extension("staged");
            let mut nth = 0;
            while !stop.load(Ordering::Relaxed) {
                {
                    let _held = swapping.lock().unwrap();
                    nth += 1;
                    std::fs::write(&staged, &versions[nth % 2]).unwrap();
                    std::fs::rename(&staged, &file).unwrap();
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    for round in 0..30 {
        for entry in entries(&cache) {
            std::fs::remove_file(entry).unwrap();
        }
        // A miss while the file changes: the entry is written.
        errcat(&dir, &dir.0, &env, &args);
        let _still = swapping.lock().unwrap();
        for (version, expected) in versions.iter().zip(&uncached) {
            std::fs::write(&file, version).unwrap();
            let cached = errcat(&dir, &dir.0, &env, &args);
            assert_eq!(&text(&cached.stdout), expected, "round {round}");
        }
    }
    stop.store(true, Ordering::Relaxed);
    swapper.join().unwrap();
}

/// A `.errcat.toml` another user planted in a shared parent directory names
/// no catalogue for the users below it (whatever it holds: another API, a
/// file no one may read, `/dev/zero`): errcat says it is not used.
#[test]
fn a_config_another_user_planted_above_is_not_used() {
    if !two_users("a_config_another_user_planted_above_is_not_used") {
        return;
    }
    let dir = Dir::new("planted");
    let shared = dir.shared("shared");
    let work = shared.join("victim");
    std::fs::create_dir_all(&work).unwrap();
    chmod(&work, 0o755);
    let planted = shared.join(".errcat.toml");
    let built_in = errcat(
        &dir,
        &work,
        &[("HOME", "/nonexistent")],
        &["explain", "GEN-1203-100003"],
    );
    assert_eq!(built_in.status.code(), Some(0));
    for (plant, mode) in [
        ("catalogues = [\"evil.toml\"]\n", 0o644),
        ("catalogues = [\"evil.toml\"]\n", 0o000),
        ("catalogues = [\"/dev/zero\"]\n", 0o644),
    ] {
        let _ = std::fs::remove_file(&planted);
        let evil = catalogue(3, "Planted").replace("BIG-00001", "GEN-1203-100003");
        let script = format!(
            "printf '%s' '{evil}' > {0}/evil.toml && printf '%s' '{plant}' > {0}/.errcat.toml && chmod {mode:o} {0}/.errcat.toml",
            shared.display()
        );
        let wrote = Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--",
                "sh",
                "-c",
            ])
            .arg(&script)
            .status()
            .unwrap();
        assert!(wrote.success());
        for args in [&["explain", "GEN-1203-100003"][..], &["scan", "/dev/null"]] {
            let output = errcat(&dir, &work, &[("HOME", "/nonexistent")], args);
            let stderr = text(&output.stderr);
            assert!(
                stderr.contains(&format!(
                    "{}: it is owned by another user (uid 65534): no .errcat.toml at or above it is used",
                    planted.display()
                )),
                "{plant} {mode:o} {args:?}: {stderr}"
            );
            if args[0] == "explain" {
                assert_eq!(output.status.code(), Some(0), "{stderr}");
                assert_eq!(text(&output.stdout), text(&built_in.stdout));
            } else {
                assert_eq!(output.status.code(), Some(1), "{stderr}");
            }
        }
    }
}

/// A directory another user owns ends the walk before its `.errcat.toml` is
/// looked at, as git refuses a repository another user owns.
#[test]
fn the_walk_stops_at_a_directory_another_user_owns() {
    if !two_users("the_walk_stops_at_a_directory_another_user_owns") {
        return;
    }
    let dir = Dir::new("foreign");
    let theirs = dir.path("theirs");
    std::fs::create_dir_all(theirs.join("below")).unwrap();
    dir.write("theirs/.errcat.toml", "catalogues = [\"errors.toml\"]\n");
    let chown = Command::new("chown")
        .args(["65534:65534"])
        .arg(&theirs)
        .status()
        .unwrap();
    assert!(chown.success());
    let output = errcat(
        &dir,
        &theirs.join("below"),
        &[("HOME", "/nonexistent")],
        &["explain", "GEN-1203-100003"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains(&format!(
            "{}: the directory is owned by another user (uid 65534)",
            theirs.display()
        )),
        "{}",
        text(&output.stderr)
    );
}

/// The walk ends at a repository's root and at the home directory: a
/// `.errcat.toml` above either is not used. The one used is named in
/// `explain`'s output.
#[test]
fn the_walk_stops_at_the_repository_root_and_home() {
    let dir = Dir::new("walk");
    dir.write("errors.toml", &catalogue(3, "Ours"));
    dir.write(".errcat.toml", "catalogues = [\"errors.toml\"]\n");
    let repo = dir.path("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("src")).unwrap();
    let home = dir.path("home");
    std::fs::create_dir_all(home.join("project")).unwrap();
    let plain = dir.path("plain");
    std::fs::create_dir_all(plain.join("deep")).unwrap();
    let env = [("HOME", home.to_str().unwrap())];
    let found = errcat(&dir, &plain.join("deep"), &env, &["explain", "BIG-00001"]);
    assert_eq!(found.status.code(), Some(0), "{}", text(&found.stderr));
    assert!(
        text(&found.stdout).contains(&format!(
            "  file         {} (named by {})\n",
            dir.path("errors.toml").display(),
            dir.path(".errcat.toml").display()
        )),
        "{}",
        text(&found.stdout)
    );
    for below in [repo.join("src"), home.join("project")] {
        let output = errcat(&dir, &below, &env, &["explain", "BIG-00001"]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{below:?}: {}",
            text(&output.stdout)
        );
        assert!(text(&output.stderr).contains("unknown error code `BIG-00001`"));
    }
}

/// `/dev/zero`, a FIFO or a file larger than the limit, named as a catalogue
/// in any way, is refused before it is read (a FIFO without waiting), with
/// the limit settable.
#[test]
fn a_catalogue_path_is_a_regular_file_of_bounded_size() {
    let dir = Dir::new("paths");
    let fifo = dir.path("fifo.toml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let big = dir.write("big.toml", &catalogue(2000, "Generated error"));
    let size = std::fs::metadata(&big).unwrap().len();
    for path in [Path::new("/dev/zero"), fifo.as_path()] {
        let shown = path.to_str().unwrap();
        let refused = "cannot read the catalogue (not a regular file: a FIFO, a socket or a device): expected a TOML file";
        for (env, args) in [
            (vec![], vec!["--catalogue", shown, "explain", "X-1"]),
            (vec![("ERRCAT_CATALOGUES", shown)], vec!["explain", "X-1"]),
            (vec![], vec!["check", shown]),
            (vec![], vec!["diff", shown, shown]),
        ] {
            let output = errcat(&dir, &dir.0, &env, &args);
            assert!(
                text(&output.stdout).contains(refused) || text(&output.stderr).contains(refused),
                "{args:?}: {}{}",
                text(&output.stdout),
                text(&output.stderr)
            );
        }
        let config = dir.write(".errcat.toml", &format!("catalogues = [\"{shown}\"]\n"));
        let output = errcat(
            &dir,
            &dir.0,
            &[("HOME", dir.0.to_str().unwrap())],
            &["explain", "X-1"],
        );
        assert!(
            text(&output.stderr).contains(refused),
            "{}",
            text(&output.stderr)
        );
        std::fs::remove_file(config).unwrap();
    }
    let limit = (size - 1).to_string();
    let output = errcat(
        &dir,
        &dir.0,
        &[("ERRCAT_MAX_CATALOGUE_BYTES", &limit)],
        &["check", big.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stdout).contains(&format!(
            "cannot read the catalogue (it has more than {limit} bytes, the most read): expected a smaller file (ERRCAT_MAX_CATALOGUE_BYTES sets the limit)"
        )),
        "{}",
        text(&output.stdout)
    );
    let output = errcat(
        &dir,
        &dir.0,
        &[("ERRCAT_MAX_CATALOGUE_BYTES", &size.to_string())],
        &["check", big.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
}

/// A 50 MB unknown key is quoted cut, not in full.
#[test]
fn a_long_unknown_key_is_quoted_cut() {
    let dir = Dir::new("long-key");
    let key = "k".repeat(5 << 20);
    let file = dir.write("errors.toml", &format!("{key} = 1\n"));
    let output = errcat(&dir, &dir.0, &[], &["check", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert!(stdout.len() < 2000, "{} bytes", stdout.len());
    assert!(
        stdout.contains(&format!(
            "unknown key `{}... ({} bytes)` at the top level",
            "k".repeat(128),
            key.len()
        )),
        "{stdout}"
    );
}
