//! What a packaged command-line tool ships beside its binary, generated from
//! the same clap definitions: shell completions and a manual page, used by
//! the real bash and man.

use std::process::{Command, Output};

fn errcat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .output()
        .expect("the errcat binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// What bash completes after `line` (the words typed so far; the last one
/// being completed), with errcat's completion script loaded.
fn complete(script: &str, line: &[&str]) -> Vec<String> {
    let words = line
        .iter()
        .map(|word| format!("'{word}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let program = format!(
        "{script}\nCOMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{joined}'; COMP_POINT=${{#COMP_LINE}}\n\
         _errcat errcat '{current}' '{previous}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        cword = line.len() - 1,
        joined = line.join(" "),
        current = line[line.len() - 1],
        previous = line[line.len() - 2],
    );
    let output = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout).lines().map(str::to_owned).collect()
}

#[test]
fn bash_completes_subcommands_options_and_their_values() {
    let output = errcat(&["completions", "bash"]);
    assert_eq!(output.status.code(), Some(0));
    let script = text(&output.stdout);
    let subcommands = complete(&script, &["errcat", ""]);
    for expected in [
        "explain",
        "scan",
        "table",
        "check",
        "diff",
        "snapshot",
        "import",
        "completions",
        "man",
    ] {
        assert!(
            subcommands.iter().any(|word| word == expected),
            "{expected}: {subcommands:?}"
        );
    }
    assert!(complete(&script, &["errcat", "--cat"]).contains(&"--catalogue".to_owned()));
    let accept = complete(&script, &["errcat", "diff", "--accept", ""]);
    assert_eq!(accept, ["breaking", "wire-text"]);
    let formats = complete(&script, &["errcat", "table", "--format", ""]);
    assert_eq!(formats, ["markdown", "json", "html", "csv", "openapi"]);
}

#[test]
fn every_shell_gets_a_script() {
    for (shell, mark) in [
        ("bash", "complete -F _errcat"),
        ("zsh", "#compdef errcat"),
        ("fish", "complete -c errcat"),
        ("elvish", "edit:completion:arg-completer[errcat]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let output = errcat(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        assert!(text(&output.stdout).contains(mark), "{shell}");
    }
    assert_eq!(errcat(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn the_manual_page_is_read_by_man() {
    let output = errcat(&["man"]);
    assert_eq!(output.status.code(), Some(0));
    let roff = text(&output.stdout);
    assert!(roff.contains(".TH errcat 1"), "{roff}");
    let dir = std::env::temp_dir().join(format!("errcat-man-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("errcat.1");
    std::fs::write(&page, &roff).unwrap();
    let shown = Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "250")
        .output();
    std::fs::remove_dir_all(&dir).unwrap();
    let shown = match shown {
        Ok(shown) => shown,
        Err(error) => panic!("man cannot run ({error}): install it (Debian: man-db)"),
    };
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    let shown = text(&shown.stdout);
    for expected in [
        "NAME",
        "SYNOPSIS",
        "--catalogue",
        "ERRCAT_CATALOGUES",
        "diff",
        "check",
    ] {
        assert!(shown.contains(expected), "{expected}: {shown}");
    }
}

#[test]
fn every_subcommand_has_its_page() {
    let dir = std::env::temp_dir().join(format!("errcat-man-dir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = errcat(&["man", "--dir", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    for page in [
        "errcat.1",
        "errcat-explain.1",
        "errcat-scan.1",
        "errcat-check.1",
        "errcat-diff.1",
        "errcat-import.1",
    ] {
        let roff = std::fs::read_to_string(dir.join(page)).unwrap();
        assert!(roff.contains(".TH errcat"), "{page}");
    }
    let diff = std::fs::read_to_string(dir.join("errcat-diff.1")).unwrap();
    assert!(diff.contains("wire\\-text"), "{diff}");
    std::fs::remove_dir_all(&dir).unwrap();
}
