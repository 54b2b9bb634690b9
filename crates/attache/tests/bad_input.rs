//! Bad input gets a clear error naming the document and the reason, never loses the rest of
//! the batch, and the exit status follows the contract (0 all read, 1 some not, 2 usage).

use crate::*;

const GOOD: &str = "The United States imposed sanctions on Russia on Friday.\n";

#[test]
fn each_bad_document_is_named_and_the_rest_are_coded() {
    let dir = scratch("bad-input");
    std::fs::write(dir.join("a_good.txt"), GOOD).unwrap();
    std::fs::write(dir.join("b_empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("c_binary.txt"),
        [0x7f, b'E', b'L', b'F', 0, 0, 1, 2],
    )
    .unwrap();
    std::fs::write(
        dir.join("d_latin1.txt"),
        b"Moscow condemned the attack on the caf\xe9.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("e_lines.jsonl"),
        "{\"id\": \"ok1\", \"text\": \"Russia recalled its ambassador from Washington.\"}\n{\"id\": \"broken\", \"text\": \n{\"text\": \"no id\"}\n{\"id\": \"ok2\", \"text\": \"Iran condemned the strike.\", \"date\": \"2024-01-05\"}\n",
    )
    .unwrap();
    // A 50 MB file: refused by size before it is read.
    let big = std::fs::File::create(dir.join("f_big.txt")).unwrap();
    big.set_len(50 << 20).unwrap();
    std::fs::write(
        dir.join("g_good.txt"),
        "Iraq accused Iran of shelling the border.\n",
    )
    .unwrap();

    let out = attache(&["code", dir.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("b_empty.txt: empty document"), "{err}");
    assert!(err.contains("c_binary.txt: binary data, not text"), "{err}");
    assert!(err.contains("d_latin1.txt: not valid UTF-8"), "{err}");
    assert!(err.contains("e_lines.jsonl:2: malformed JSON"), "{err}");
    assert!(err.contains("e_lines.jsonl:3: no `id` field"), "{err}");
    assert!(
        err.contains("f_big.txt: 52428800 bytes is over the limit"),
        "{err}"
    );
    assert!(err.contains("6 could not be read"), "{err}");
    let docs: std::collections::BTreeSet<String> = json_lines(&out)
        .iter()
        .map(|e| e["doc_id"].as_str().unwrap().to_string())
        .collect();
    for id in ["a_good", "ok1", "ok2", "g_good"] {
        assert!(docs.contains(id), "{id} was not coded: {docs:?}");
    }
}

#[test]
fn a_clean_run_exits_zero_and_usage_errors_exit_two() {
    let dir = scratch("exit-codes");
    std::fs::write(dir.join("good.txt"), GOOD).unwrap();
    assert_eq!(
        attache(&["code", dir.join("good.txt").to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        attache(&["code", "--date", "yesterday", "x.txt"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(attache(&["no-such-command"]).status.code(), Some(2));
    let missing = attache(&["code", dir.join("missing.txt").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("missing.txt"));
}

#[test]
fn files_of_other_types_in_folders_are_counted_not_silently_dropped() {
    let dir = scratch("other-types");
    std::fs::write(dir.join("good.txt"), GOOD).unwrap();
    std::fs::write(dir.join("notes.md"), "# notes").unwrap();
    let out = attache(&["code", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("passed over 1 file of a type attache does not read"),
        "{}",
        stderr(&out)
    );
}
