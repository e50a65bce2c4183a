//! Validating a value that keeps the rules allocates nothing: the generated checks read
//! the `&str` in place, and a call's response metadata costs no allocation. A counting
//! allocator proves it, counting each thread's allocations.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting each thread's allocations.
struct Counting;

thread_local! {
    // Const-initialised: reading it allocates nothing, so the allocator may use it.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // A thread being torn down has no counter left; its allocations are not counted.
        let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
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

/// How many allocations this thread has made.
fn count() -> usize {
    ALLOCATIONS.with(Cell::get)
}

/// How many allocations `run` makes (on this thread: the test harness's own, on others,
/// are not the code's).
fn allocations(run: impl FnOnce()) -> usize {
    let before = count();
    run();
    count() - before
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

/// A call's allocations, counted over a warm connection to a loopback server on the same
/// thread (a current-thread runtime: the server's allocations count too, the same for
/// every call): a client without hooks runs none of their code, and (with the `metadata`
/// feature) a call's response metadata costs no allocation.
#[test]
fn hooks_and_response_metadata_cost_a_call_that_does_not_use_them_no_allocation() {
    use kirim::models::PhoneNumberId;
    use kirim::ListConversationsParams;
    use support::{Reply, TestServer};

    /// A hook that does nothing, with the trait's own methods.
    struct Idle;
    impl kirim::Hook for Idle {}

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let body = r#"{"data": [], "has_more": false, "next_cursor": null, "request_id": "r"}"#;
        let server =
            TestServer::start(move |_| Reply::json(200, body).with_header("x-request-id", "req-1"))
                .await;
        let client = kirim::Client::with_base_url(&server.base_url, "token").unwrap();
        let hooked = client.clone().with_hook(Idle);
        let phone = PhoneNumberId::new("106540352242922").unwrap();
        let params = ListConversationsParams::default();
        // Warm: the connection, the pool, the lazy statics.
        for _ in 0..3 {
            client.list_conversations(&phone, &params).await.unwrap();
            hooked.list_conversations(&phone, &params).await.unwrap();
        }
        let mut plain = Vec::new();
        let mut with_hook = Vec::new();
        #[cfg(feature = "metadata")]
        let mut with_response = Vec::new();
        for _ in 0..5 {
            let before = count();
            let page = client.list_conversations(&phone, &params).await.unwrap();
            plain.push(count() - before);
            assert!(!page.has_more);
            let before = count();
            hooked.list_conversations(&phone, &params).await.unwrap();
            with_hook.push(count() - before);
            #[cfg(feature = "metadata")]
            {
                let before = count();
                let response = client
                    .list_conversations_with_response(&phone, &params)
                    .await
                    .unwrap();
                with_response.push(count() - before);
                assert_eq!(response.request_id.as_deref(), Some("req-1"));
            }
        }
        plain.sort_unstable();
        with_hook.sort_unstable();
        assert!(plain[0] > 0, "the counter counts a call's allocations");
        // The idle hook's two futures are boxed (`on_request`, `on_response`): those are
        // all a hook adds, so a client without one allocates nothing for hooks.
        assert_eq!(
            with_hook[2],
            plain[2] + 2,
            "median allocations per call: without hooks {plain:?}, with an idle one {with_hook:?}"
        );
        #[cfg(feature = "metadata")]
        {
            with_response.sort_unstable();
            assert_eq!(
                plain[2], with_response[2],
                "median allocations per call: plain {plain:?}, with its metadata {with_response:?}"
            );
        }
    });
}
