//! Validating a value that keeps the rules allocates nothing: the generated checks read
//! the `&str` in place. A counting allocator proves it (alone in this test binary, so no
//! other test allocates while it counts).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting allocations.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: the caller's guarantees for `layout` are the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above, that is from the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// How many allocations `run` makes.
fn allocations(run: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    run();
    ALLOCATIONS.load(Ordering::SeqCst) - before
}

#[test]
fn validating_a_valid_value_does_not_allocate() {
    use kirim::models::{ContactId, Limit, PhoneNumberId};
    let contact = "ctc_01HXYZABCDEFGHJKMNPQRSTVWX";
    let phone = "628123456789";
    let limit = "50";
    let counted = allocations(|| {
        for _ in 0..100 {
            assert!(ContactId::validate(contact).is_ok());
            assert!(PhoneNumberId::validate(phone).is_ok());
            assert!(Limit::validate(limit).is_ok());
            assert!(ContactId::is_valid(contact) && PhoneNumberId::is_valid(phone));
            assert!(!ContactId::is_valid("ctc_short") && !PhoneNumberId::is_valid("12"));
        }
    });
    assert_eq!(counted, 0, "the success path and is_valid allocate nothing");
    // The counter counts: an error carries a copy of the value.
    assert!(allocations(|| assert!(ContactId::validate("ctc_short").is_err())) > 0);
}
