//! Extractions kept in memory, for `extract` (JSON) and `eval`.

use std::sync::Arc;

use gyoryu_model::Extraction;

use super::{Article, Lookup, NothingStored, PutOutcome, Sink, SinkError};

/// Keeps every article's extraction, in input order.
#[derive(Default)]
pub struct ExtractionsSink {
    pub extractions: Vec<Extraction>,
}

impl Sink for ExtractionsSink {
    fn lookup(&self) -> Arc<dyn Lookup> {
        Arc::new(NothingStored)
    }

    fn put(&mut self, article: Article) -> Result<PutOutcome, SinkError> {
        self.extractions.extend(article.extraction);
        Ok(PutOutcome::Added)
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        Ok(())
    }
}
