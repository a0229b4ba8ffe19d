//! `errcat diff` and `errcat snapshot` as a team's CI runs them: every class
//! of change, snapshots with tombstones as the old version, versions read
//! from git, exit statuses, JSON.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const ROWS: &str = r#"[catalogue]
name = "Ledger API"
id = "ledger"

[[errors]]
status = 404
error = "NOT_FOUND"
code = "LED-0001"
description = "No ledger '{name}'"
scenario = "The ledger does not exist"

[[errors]]
status = 409
error = "CONFLICT"
code = "LED-0002"
description = "The ledger is locked"
scenario = "Another booking holds the ledger"

[[errors]]
status = 503
error = "UNAVAILABLE"
code = "LED-0003"
description = "Try again later"
scenario = "Maintenance"
"#;

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let path = std::env::temp_dir().join(format!("errcat-diff-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Dir(path)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn errcat_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the errcat binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// `diff --format json OLD NEW`: the exit status and each change's class
/// and rule.
fn classes(dir: &Dir, old: &str, new: &str, extra: &[&str]) -> (i32, Vec<(String, String)>) {
    let mut args = vec!["diff", "--format", "json", old, new];
    args.extend(extra);
    let output = errcat_in(&dir.0, &args);
    let status = output.status.code().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!("{error}: {}{}", text(&output.stdout), text(&output.stderr))
    });
    assert_eq!(report["failed"], status == 1);
    let changes = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| {
            (
                change["class"].as_str().unwrap().to_owned(),
                change["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (status, changes)
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(class, rule)| (class.to_string(), rule.to_string()))
        .collect()
}

/// A case of `diff`: its name, the new version, the changes expected (class
/// and rule) and the exit status.
type Case = (&'static str, String, Vec<(&'static str, &'static str)>, i32);

#[test]
fn every_class_of_change_is_found_and_breaking_ones_fail() {
    let dir = Dir::new("classes");
    let old = dir.write("old.toml", ROWS);
    let cases: Vec<Case> = vec![
        ("unchanged", ROWS.to_owned(), vec![], 0),
        (
            "removed",
            ROWS.replace(
                "[[errors]]\nstatus = 503\nerror = \"UNAVAILABLE\"\ncode = \"LED-0003\"\ndescription = \"Try again later\"\nscenario = \"Maintenance\"\n",
                "",
            ),
            vec![("breaking", "code-removed")],
            1,
        ),
        (
            "renumbered",
            ROWS.replace("LED-0003", "LED-0009"),
            vec![("breaking", "code-renumbered")],
            1,
        ),
        (
            "status",
            ROWS.replace("status = 409", "status = 423"),
            vec![("breaking", "status-changed")],
            1,
        ),
        (
            "token",
            ROWS.replace("\"CONFLICT\"", "\"LOCKED\""),
            vec![("breaking", "token-changed")],
            1,
        ),
        (
            "placeholder added",
            ROWS.replace("The ledger is locked", "The ledger {name} is locked"),
            vec![("breaking", "placeholder-added"), ("wire-text", "description-changed")],
            1,
        ),
        (
            "placeholder removed",
            ROWS.replace("No ledger '{name}'", "No such ledger"),
            vec![("breaking", "placeholder-removed"), ("wire-text", "description-changed")],
            1,
        ),
        (
            "reworded",
            ROWS.replace("Try again later", "Try again in a minute"),
            vec![("wire-text", "description-changed")],
            1,
        ),
        (
            "added, deprecated, scenario",
            format!(
                "{}\n[[errors]]\nstatus = 410\nerror = \"GONE\"\ncode = \"LED-0004\"\ndescription = \"The ledger was closed\"\nscenario = \"\"\n",
                ROWS.replace("scenario = \"Maintenance\"", "scenario = \"Nightly maintenance\"\ndeprecated = \"Use LED-0004\"")
            ),
            vec![
                ("compatible", "code-deprecated"),
                ("compatible", "scenario-changed"),
                ("compatible", "code-added"),
            ],
            0,
        ),
    ];
    for (name, new, expected, status) in cases {
        let new = dir.write(&format!("{}.toml", name.replace([' ', ','], "-")), &new);
        assert_eq!(
            classes(&dir, &old, &new, &[]),
            (status, pairs(&expected)),
            "{name}"
        );
    }
    // Accepting a class on purpose: the command passes and says so.
    let new = dir.write(
        "locked.toml",
        &ROWS
            .replace("status = 409", "status = 423")
            .replace("Try again later", "Later"),
    );
    assert_eq!(classes(&dir, &old, &new, &["--accept", "breaking"]).0, 1);
    assert_eq!(
        classes(&dir, &old, &new, &["--accept", "breaking,wire-text"]).0,
        0
    );
    assert_eq!(
        classes(
            &dir,
            &old,
            &new,
            &["--accept", "breaking", "--accept", "wire-text"]
        )
        .0,
        0
    );
    let human = errcat_in(&dir.0, &["diff", &old, &new]);
    assert_eq!(human.status.code(), Some(1));
    assert_eq!(
        text(&human.stdout),
        "Breaking changes (1):\n  status-changed  `LED-0002` changed its status from 409 to 423: clients branch on the status\n\
         Wire-text changes (1):\n  description-changed  `LED-0003` has a new description: \"Try again later\" becomes \"Later\"; clients that match the text will see it\n"
    );
    assert_eq!(
        text(&human.stderr),
        "errcat: breaking and wire-text changes to what was published; if they are made on purpose, accept them with --accept breaking,wire-text\n"
    );
    let accepted = errcat_in(
        &dir.0,
        &["diff", "--accept", "breaking,wire-text", &old, &new],
    );
    assert_eq!(accepted.status.code(), Some(0));
    assert!(text(&accepted.stdout).starts_with("Breaking changes (1, accepted):\n"));
    assert_eq!(text(&accepted.stderr), "");
}

#[test]
fn a_snapshot_keeps_removed_codes_and_their_numbers_are_never_reused() {
    let dir = Dir::new("snapshot");
    let v1 = dir.write("v1.toml", ROWS);
    let snapshot = dir.0.join("published-codes.toml").display().to_string();
    let written = errcat_in(&dir.0, &["snapshot", &v1, "-o", &snapshot]);
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    // The snapshot as OLD: nothing changed.
    assert_eq!(classes(&dir, &snapshot, &v1, &[]), (0, vec![]));

    // LED-0003 removed on purpose: accepted, and the next snapshot keeps it
    // as a tombstone.
    let v2 = dir.write(
        "v2.toml",
        &ROWS.replace(
            "[[errors]]\nstatus = 503\nerror = \"UNAVAILABLE\"\ncode = \"LED-0003\"\ndescription = \"Try again later\"\nscenario = \"Maintenance\"\n",
            "",
        ),
    );
    assert_eq!(
        classes(&dir, &snapshot, &v2, &["--accept", "breaking"]),
        (0, pairs(&[("breaking", "code-removed")]))
    );
    let next = errcat_in(&dir.0, &["snapshot", &v2, "--previous", &snapshot]);
    assert_eq!(next.status.code(), Some(0));
    let next_text = text(&next.stdout);
    assert!(next_text.ends_with("code = \"LED-0003\"\ntoken = \"UNAVAILABLE\"\nstatus = 503\nplaceholders = []\ndeprecated = false\ndescription = \"Try again later\"\nremoved = true\n"), "{next_text}");
    std::fs::write(&snapshot, &next_text).unwrap();
    assert_eq!(classes(&dir, &snapshot, &v2, &[]), (0, vec![]));

    // The tombstoned number given to another error is breaking...
    let reused = dir.write(
        "reused.toml",
        &format!("{}\n[[errors]]\nstatus = 400\nerror = \"BAD_AMOUNT\"\ncode = \"LED-0003\"\ndescription = \"The amount is malformed\"\nscenario = \"\"\n", std::fs::read_to_string(&v2).unwrap()),
    );
    assert_eq!(
        classes(&dir, &snapshot, &reused, &[]),
        (1, pairs(&[("breaking", "code-reused")]))
    );
    // ...and bringing it back with its meaning is not.
    assert_eq!(
        classes(&dir, &snapshot, &v1, &[]),
        (0, pairs(&[("compatible", "code-restored")]))
    );
}

#[test]
fn this_repositorys_snapshot_works_as_the_old_version() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = errcat_in(
        &root,
        &["diff", "tests/published-codes.toml", "errors.toml"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "No changes between tests/published-codes.toml and errors.toml.\n"
    );
    // What `errcat snapshot` writes of errors.toml is the snapshot's codes.
    let output = errcat_in(
        &root,
        &[
            "snapshot",
            "errors.toml",
            "--previous",
            "tests/published-codes.toml",
        ],
    );
    let ours = text(&output.stdout);
    let theirs = std::fs::read_to_string(root.join("tests/published-codes.toml")).unwrap();
    let tables = |text: &str| {
        text.split_once("\n[[code]]")
            .map(|(_, rest)| rest.to_owned())
    };
    assert_eq!(tables(&ours), tables(&theirs));
}

#[test]
fn a_version_is_read_from_git_as_rev_colon_path() {
    let dir = Dir::new("git");
    let git = |args: &[&str]| {
        let output = Command::new("git")
            .args([
                "-c",
                "user.name=errcat",
                "-c",
                "user.email=errcat@example.invalid",
            ])
            .args(args)
            .current_dir(&dir.0)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            text(&output.stderr)
        );
    };
    git(&["init", "--quiet", "--initial-branch=main"]);
    dir.write("errors.toml", ROWS);
    git(&["add", "errors.toml"]);
    git(&["commit", "--quiet", "-m", "published"]);
    dir.write("errors.toml", &ROWS.replace("status = 409", "status = 423"));
    assert_eq!(
        classes(&dir, "main:errors.toml", "errors.toml", &[]),
        (1, pairs(&[("breaking", "status-changed")]))
    );
    assert_eq!(
        classes(&dir, "HEAD:errors.toml", "HEAD:errors.toml", &[]),
        (0, vec![])
    );
    let missing = errcat_in(&dir.0, &["diff", "main:nothing.toml", "errors.toml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing.stderr)
            .starts_with("main:nothing.toml: no such file, and git cannot read it as REV:PATH"),
        "{}",
        text(&missing.stderr)
    );
}

/// A REV:PATH that begins with `-` reaches git as a revision, never as one
/// of its options: `--output=FILE` would have git write FILE.
#[test]
fn a_version_is_never_an_option_of_git() {
    let dir = Dir::new("git-options");
    let init = Command::new("git")
        .args(["init", "--quiet"])
        .current_dir(&dir.0)
        .output()
        .expect("git runs");
    assert!(init.status.success());
    dir.write("errors.toml", ROWS);
    for args in [
        &["diff", "--", "--output=pwned:x", "errors.toml"][..],
        &["diff", "errors.toml", "--", "--output=pwned:y"],
        &["snapshot", "--", "--output=pwned:z"],
        &["snapshot", "errors.toml", "--previous=--output=pwned:w"],
    ] {
        let output = errcat_in(&dir.0, args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(
            text(&output.stderr).contains("git cannot read it as REV:PATH"),
            "{args:?}: {}",
            text(&output.stderr)
        );
        let written: Vec<_> = std::fs::read_dir(&dir.0)
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .filter(|name| name.to_string_lossy().starts_with("pwned"))
            .collect();
        assert!(written.is_empty(), "{args:?}: git wrote {written:?}");
    }
}

#[test]
fn a_mistaken_version_is_placed_and_exits_2() {
    let dir = Dir::new("mistakes");
    let old = dir.write("old.toml", ROWS);
    let bad = dir.write("bad.toml", &ROWS.replace("status = 409", "status = 40"));
    let output = errcat_in(&dir.0, &["diff", &old, &bad]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).starts_with(&format!(
            "{bad}:13:10: status 40 of `LED-0002` is not an HTTP status"
        )),
        "{}",
        text(&output.stderr)
    );
    let snapshot = dir.write("published.toml", "[[code]]\ncode = \"LED-0001\"\n");
    let output = errcat_in(&dir.0, &["diff", &snapshot, &old]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains(":1:1: a `[[code]]` table has no `token`"),
        "{}",
        text(&output.stderr)
    );
}
