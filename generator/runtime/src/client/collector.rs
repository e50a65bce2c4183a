//! A `tracing` subscriber for tests: it keeps each span's name and fields and each event's
//! fields, so that a test can say what a call recorded. Shared by the runtime's tests and
//! the Kirim crate's (`tests/tracing.rs`, by `#[path]`).
#![allow(dead_code)]

/// A span's or event's fields, by name, in the order they were recorded.
pub type Recorded = Vec<(String, String)>;

/// What a tracing subscriber saw: each span's name and fields, and each event's fields.
#[derive(Default)]
pub struct Traced {
    pub spans: std::sync::Mutex<Vec<(&'static str, Recorded)>>,
    pub events: std::sync::Mutex<Vec<Recorded>>,
    /// The spans entered, innermost last, with their metadata: `Span::current()`.
    entered: std::sync::Mutex<Vec<(u64, &'static tracing::Metadata<'static>)>>,
    metadata: std::sync::Mutex<Vec<&'static tracing::Metadata<'static>>>,
}

pub struct Collector(pub std::sync::Arc<Traced>);

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl tracing::field::Visit for Fields<'_> {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl tracing::Subscriber for Collector {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = Vec::new();
        span.record(&mut Fields(&mut fields));
        let mut spans = self.0.spans.lock().unwrap();
        spans.push((span.metadata().name(), fields));
        self.0.metadata.lock().unwrap().push(span.metadata());
        tracing::span::Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.0.spans.lock().unwrap();
        let index = span.into_u64() as usize - 1;
        values.record(&mut Fields(&mut spans[index].1));
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.0.events.lock().unwrap().push(fields);
    }

    fn enter(&self, span: &tracing::span::Id) {
        let metadata = self.0.metadata.lock().unwrap()[span.into_u64() as usize - 1];
        self.0
            .entered
            .lock()
            .unwrap()
            .push((span.into_u64(), metadata));
    }

    fn exit(&self, _: &tracing::span::Id) {
        self.0.entered.lock().unwrap().pop();
    }

    fn current_span(&self) -> tracing_core::span::Current {
        match self.0.entered.lock().unwrap().last() {
            Some((id, metadata)) => {
                tracing_core::span::Current::new(tracing::span::Id::from_u64(*id), metadata)
            }
            None => tracing_core::span::Current::none(),
        }
    }
}

pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}
