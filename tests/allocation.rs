//! Parsing allocates nothing on the success path, and bodies without
//! placeholders are built without allocating: counted with a global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use errcat::{ApiError, ErrorCode, ErrorKind};

struct Counting;

thread_local! {
    // Per thread, so that the test harness allocating on its own threads
    // (spawning, reporting) does not count.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards every call to the system allocator unchanged; counting
// touches only a const-initialised thread-local, which does not allocate.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_in(work: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    work();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn parsing_allocates_nothing() {
    let padded: Vec<String> = ErrorCode::ALL
        .iter()
        .map(|code| format!("  {code}\n"))
        .collect();
    let tokens: Vec<String> = ErrorKind::ALL
        .iter()
        .map(|kind| kind.wire_token().to_owned())
        .collect();
    let count = allocations_in(|| {
        for (code, text) in ErrorCode::ALL.iter().zip(&padded) {
            assert_eq!(text.parse::<ErrorCode>().ok(), Some(*code));
            assert_eq!(ErrorCode::from_code(code.code()), Some(*code));
        }
        for (kind, text) in ErrorKind::ALL.iter().zip(&tokens) {
            assert_eq!(text.parse::<ErrorKind>().ok(), Some(*kind));
        }
    });
    assert_eq!(count, 0);
}

#[test]
fn a_body_without_placeholders_allocates_only_its_buffer() {
    let mut body = Vec::with_capacity(512);
    let count = allocations_in(|| {
        for code in ErrorCode::ALL
            .into_iter()
            .filter(|code| code.placeholders().is_empty())
        {
            body.clear();
            ApiError::new(code).unwrap().write_json(&mut body);
        }
    });
    assert_eq!(count, 0);
}

#[test]
fn the_counter_sees_allocations() {
    // So that a zero above means something.
    assert_eq!(
        allocations_in(|| drop(std::hint::black_box(vec![1u8; 16]))),
        1
    );
}
